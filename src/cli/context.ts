import type { Output } from "./output.js";

/** What a command needs from the process it runs in; tests pass their own. */
export interface CliContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Set by a command that succeeds with a code other than 0 (plan --detailed-exitcode). */
  exitCode: number;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop sending and clean up. */
  signal: AbortSignal;
  /** The clock every "today"/"now" read in the CLI goes through (tests fix it). */
  now(): Date;
}
