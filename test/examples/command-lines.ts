/**
 * Finds the `thulium-campaigns …` command lines in shell text (CI scripts, README code
 * blocks) and checks them with the CLI's real parser, without running them.
 */
import { PassThrough, Writable } from "node:stream";
import type { CliContext } from "../../src/cli/context.js";
import { createOutput } from "../../src/cli/output.js";
import { checkCommandLine } from "../../src/cli/parser.js";

/** One command found: its arguments after `thulium-campaigns`, and the line it came from. */
export interface FoundCommand {
  args: string[];
  line: string;
}

/** Characters that end a simple shell command when unquoted. */
const COMMAND_END = new Set(["|", ";", "&", "<", ">", "#"]);

/**
 * What may stand before a command word: the start of the line, a shell prompt (`$`), a
 * YAML list dash or `run:`, `npx`, or an operator that starts a new command.
 */
const COMMAND_START = /(?:^|[;&|(]|\bnpx|^\s*\$|^\s*-|\brun:)\s*$/;

/**
 * Every `thulium-campaigns` invocation in `script`: the word `thulium-campaigns` standing
 * alone where a command starts (so `thulium-campaigns-plan`, `thulium-campaigns.yml` and
 * `cd thulium-campaigns` are not commands), followed by its arguments up to a pipe,
 * redirection, `;`, `&&` or comment. Backslash continuations are joined and comments
 * dropped first; quotes are honoured.
 */
export function findCommands(script: string): FoundCommand[] {
  const found: FoundCommand[] = [];
  for (const raw of script.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    const line = withoutComment(raw);
    for (const match of line.matchAll(/(?<=^|[\s(])thulium-campaigns(?=\s|$)/g)) {
      if (!COMMAND_START.test(line.slice(0, match.index))) continue;
      found.push({ args: shellWords(line.slice(match.index + match[0].length)), line: raw });
    }
  }
  return found;
}

/** The line up to an unquoted `#` that starts a word (a shell comment). */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Splits the start of a command's argument text into words, as a POSIX shell would. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= "";
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (COMMAND_END.has(char) && word === null) {
      break;
    } else if (COMMAND_END.has(char)) {
      // `2>file`: the digit belongs to the redirection, not to the command.
      if (!(char === ">" && /^\d$/.test(word ?? ""))) words.push(word ?? "");
      word = null;
      break;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (word !== null && quote === null) words.push(word);
  return words;
}

/** A context whose output goes nowhere: checking a command line prints nothing useful. */
function quietContext(): CliContext {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  return {
    output: createOutput({ stdout: sink, stderr: sink, env: {} }),
    env: {},
    cwd: process.cwd(),
    stdin: new PassThrough(),
    exitCode: 0,
    signal: new AbortController().signal,
    now: () => new Date(),
  };
}

/** The parser's complaint about `args`, or null when the CLI would accept them. */
export async function parseProblem(args: readonly string[]): Promise<string | null> {
  try {
    await checkCommandLine(args, quietContext());
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
