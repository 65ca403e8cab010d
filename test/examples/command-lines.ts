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
 * Every `thulium-campaigns` invocation in `script`: the word `thulium-campaigns` standing
 * alone (so `thulium-campaigns-plan` and `thulium-campaigns.yml` are not commands),
 * followed by its arguments up to a pipe, redirection, `;`, `&&` or comment. Backslash
 * line continuations are joined first; quotes are honoured.
 */
export function findCommands(script: string): FoundCommand[] {
  const found: FoundCommand[] = [];
  for (const line of script.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    if (line.trimStart().startsWith("#")) continue; // a shell comment
    for (const match of line.matchAll(/(?<=^|[\s$(])thulium-campaigns(?=\s)/g)) {
      found.push({ args: shellWords(line.slice(match.index + match[0].length)), line });
    }
  }
  return found;
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
