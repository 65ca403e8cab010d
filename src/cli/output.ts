/**
 * The terminal, as the commands see it. Only `src/cli/` writes to the terminal; engine
 * code reports through events that a command turns into lines here.
 */
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

export interface Output {
  /** Write to standard output (no newline added). */
  out(text: string): void;
  /** Write to standard error (no newline added). */
  err(text: string): void;
  /** Whether ANSI colour is wanted: a TTY, no `NO_COLOR`, no `--no-color`. */
  readonly color: boolean;
  /** Whether stdout is an interactive terminal (progress bars, prompts). */
  readonly interactive: boolean;
  /** The terminal's width when stdout is a terminal (help text wraps to it). */
  readonly columns?: number;
  /** Colour `text` when colour is on; plain text otherwise. */
  paint(style: Style, text: string): string;
}

export interface OutputOptions {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** `false` when --no-color was given. */
  colorFlag?: boolean;
}

/** Decide on colour the way most CLIs do: NO_COLOR (any value) or --no-color turn it off. */
export function wantsColor(options: OutputOptions): boolean {
  const env = options.env ?? process.env;
  if (options.colorFlag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean((options.stdout ?? process.stdout).isTTY);
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const color = wantsColor(options);
  return {
    out: (text) => void stdout.write(text),
    err: (text) => void stderr.write(text),
    color,
    interactive: Boolean(stdout.isTTY),
    ...(stdout.columns === undefined ? {} : { columns: stdout.columns }),
    paint: (style, text) => (color ? styleText(style, text, { validateStream: false }) : text),
  };
}
