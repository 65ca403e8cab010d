import type { Argv, CommandModule } from "yargs";
import type { DriftArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { DRIFT_ENVIRONMENT } from "../environment-help.js";
import { DEFAULT_DIR, withSandbox, withState } from "../options.js";

/** `drift`: compare each managed campaign's live fields with the last-applied ones. Writes nothing. */
export function driftCommand(ctx: CliContext): CommandModule<object, DriftArgs> {
  return {
    command: "drift",
    describe:
      "Compare what Thulium shows now with the last-applied state: fields changed in the panel, campaigns missing or unmanaged (reads only)",
    builder: (yargs: Argv) =>
      withSandbox(withState(yargs))
        .option("dir", {
          type: "string",
          default: DEFAULT_DIR,
          describe:
            "Folder of campaign files, repeated in the plan --refresh hint (drift reads no campaign file)",
        })
        .option("only", {
          type: "string",
          array: true,
          default: [] as string[],
          describe: "Restrict to this campaign id (repeatable)",
        })
        .option("format", {
          choices: ["text", "json", "markdown"] as const,
          default: "text" as const,
          describe: "Output format (markdown is sized for an issue body)",
        })
        .option("detailed-exitcode", {
          type: "boolean",
          default: false,
          describe: "Exit 2 when there is drift (0 none, 1 error)",
        })
        .option("concurrency", {
          type: "number",
          default: 4,
          describe:
            "Reads in flight at once (1-64); the list's pages and outbounds/stats are read one after another",
        })
        .example("$0 drift", "What changed in Thulium since the last apply")
        .example("$0 drift --detailed-exitcode", "In CI: exit 2 when there is drift")
        .example("$0 drift --format markdown > drift.md", "An issue body")
        .example(
          "$0 drift --sandbox",
          "Against the built-in sandbox (change it with `sandbox edit`)",
        )
        .epilogue(DRIFT_ENVIRONMENT) as unknown as Argv<DriftArgs>,
    handler: async (args) => {
      const { runDrift } = await import("../flows/drift-flow.js");
      await runDrift(args, ctx);
    },
  };
}
