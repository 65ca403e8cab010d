/**
 * The yargs parser. Exported as a function so tests can run the CLI in-process.
 * Each command lives in its own module under `commands/` and loads its heavy
 * dependencies lazily, so `--version` and `--help` stay fast.
 */
import yargs from "yargs";
import { UsageError } from "../errors.js";
import { commandModules } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { settingsMiddleware } from "./settings-args.js";
import { VERSION } from "./version.js";

export function buildParser(ctx: CliContext) {
  let parser = yargs()
    .scriptName("thulium-campaigns")
    .usage(
      "$0 <command> [options]\n\nGitOps for Thulium outbound campaigns: validate, plan and apply YAML campaign files.",
    )
    .version(VERSION)
    // yargs' own messages ("Unknown argument", "Show help") in English, as every other
    // message: yargs would otherwise translate them from LANG/LC_ALL, but only where its
    // locale files are (unbundled; the bundle ships none), mixing languages in one message.
    .locale("en")
    .option("config", {
      type: "string",
      describe:
        "Project settings file (default: thulium-campaigns.yaml in the current folder, when there is one); flags win over it",
    })
    .option("color", {
      type: "boolean",
      default: true,
      describe: "Colour output on a terminal (--no-color or NO_COLOR turns it off)",
    })
    .strict()
    .demandCommand(
      1,
      "Name a command: validate, plan, apply, drift, import, doctor, journal, sandbox, init or state.",
    )
    .recommendCommands()
    .completion("completion", "Print a shell completion script (bash/zsh)")
    .example("$0 init acme-campaigns", "Start a campaigns repository")
    .example("$0 validate", "Check the campaign files in campaigns/")
    .example("$0 plan", "Show what apply would change (no network, no credentials)")
    .example("$0 apply --sandbox --auto-approve", "Try it against the built-in sandbox")
    .example("$0 completion >> ~/.bashrc", "Tab completion for commands and flags")
    .help()
    .alias("help", "h")
    .wrap(Math.min(100, ctx.output.columns ?? 100))
    .epilogue(
      "Docs: see README.md. Exit codes: 0 success, 1 error, 2 plan has changes (--detailed-exitcode), 130 interrupted.",
    )
    .fail((message, error) => {
      // Parse errors (unknown flag, missing argument) are the user's: no help dump, no stack.
      if (error) throw error;
      // recommendCommands reports a misspelt command as only "Did you mean plan?".
      const text = message.startsWith("Did you mean") ? `Unknown command. ${message}` : message;
      throw new UsageError(`${text}\nRun with --help for usage.`);
    });
  for (const module of commandModules(ctx)) parser = parser.command(module);
  skipHelpCache(parser);
  return parser;
}

/**
 * yargs renders the whole help text each time a command runs, in case the handler calls
 * `showHelp()` (ours never do): measuring every line's width with string-width costs more
 * than the rest of parsing. This turns that cache off; help itself (`--help`, usage errors)
 * is rendered when asked for, as before. Written defensively against yargs' internals.
 */
function skipHelpCache(parser: unknown): void {
  const internals = (parser as { getInternalMethods?: () => unknown }).getInternalMethods?.();
  const usage = (
    internals as { getUsageInstance?: () => unknown } | undefined
  )?.getUsageInstance?.();
  if (usage !== null && typeof usage === "object" && "cacheHelpMessage" in usage) {
    (usage as { cacheHelpMessage: () => void }).cacheHelpMessage = () => {};
  }
}

/**
 * Parses and runs `argv`, with yargs' own output (help, version, the completion script,
 * completions) written to `ctx.output` instead of console.log, so that an in-process run
 * prints only where its context says: tests capture it all. (A parse callback is how yargs
 * is told to hand its output over; it also stops yargs from calling process.exit.)
 */
export async function parseAndRun(argv: readonly string[], ctx: CliContext): Promise<void> {
  let printed = "";
  try {
    await buildParser(ctx)
      .middleware(settingsMiddleware(argv, ctx))
      .parseAsync(argv.slice(), {}, (_error, _argv, output) => {
        printed = output;
      });
  } finally {
    if (printed !== "") ctx.output.out(`${printed}\n`);
  }
}

/** Thrown by {@link checkCommandLine}'s middleware once the arguments passed validation. */
class ParsedOnly extends Error {}

/**
 * Checks a command line exactly as the CLI would parse it (unknown commands and flags,
 * bad choices, missing arguments) without running the command: a middleware that runs
 * after validation and before the handler stops it. Lets tests check the command lines
 * in the README and the CI recipes against the real parser.
 *
 * @param argv the arguments after `thulium-campaigns`, e.g. `["plan", "--format", "json"]`.
 * @throws UsageError when the CLI would refuse the command line.
 */
export async function checkCommandLine(argv: readonly string[], ctx: CliContext): Promise<void> {
  const parser = buildParser(ctx)
    .exitProcess(false) // `--help` and `--version` must not end the caller's process
    .middleware(() => {
      throw new ParsedOnly();
    }, false);
  try {
    // The callback takes what `--help`, `--version` or `completion` would print: checking
    // a command line prints nothing.
    await parser.parseAsync(argv.slice(), {}, () => {});
  } catch (error) {
    if (error instanceof ParsedOnly) return;
    throw error;
  }
}
