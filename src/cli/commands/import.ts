import type { Argv, CommandModule } from "yargs";
import type { ImportArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { IMPORT_ENVIRONMENT } from "../environment-help.js";
import { withDir, withSandbox, withState } from "../options.js";

/** `import [ID…] | --all`: write campaign files for live campaigns and record them in the state. */
export function importCommand(ctx: CliContext): CommandModule<object, ImportArgs> {
  return {
    command: "import [ids..]",
    describe:
      "Write a campaign file for each live campaign not yet declared, and record it in the state (reads Thulium)",
    builder: (yargs: Argv) =>
      withSandbox(withState(withDir(yargs)))
        .positional("ids", {
          type: "string",
          array: true,
          default: [] as string[],
          describe: "Campaign ids to import (42 or 00042)",
        })
        .option("all", {
          type: "boolean",
          default: false,
          describe:
            "Import every live campaign that no file declares and the state does not manage",
        })
        .option("dry-run", {
          type: "boolean",
          default: false,
          describe: "Show the files that would be written; write nothing",
        })
        .option("include-invalid", {
          type: "boolean",
          default: false,
          describe:
            "Also write campaigns whose live values break the schema, so that validate points at the line (they are not recorded in the state)",
        })
        .option("with-agents", {
          type: "boolean",
          default: false,
          describe:
            "Also write each campaign's current agents (agents:), read with GET outbounds/:id/agents, and record them as managed by the tool (agents_policy owned)",
        })
        .option("lock-timeout", {
          type: "string",
          default: "0s",
          describe: "How long to wait for another apply's lock (e.g. 30s, 2m); 0s fails at once",
        })
        .example("$0 import --all", "Import every campaign Thulium lists that is not yet declared")
        .example("$0 import 42 00043", "Import campaigns 00042 and 00043")
        .example("$0 import --all --dry-run", "Show what would be written, write nothing")
        .example("$0 import --all --sandbox", "Import from the built-in sandbox")
        .example("$0 import 42 --with-agents", "Import 00042 with its current agents")
        .epilogue(IMPORT_ENVIRONMENT) as unknown as Argv<ImportArgs>,
    handler: async (args) => {
      const { runImportCommand } = await import("../flows/import-flow.js");
      await runImportCommand(args, ctx);
    },
  };
}
