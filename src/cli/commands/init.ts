import type { Argv, CommandModule } from "yargs";
import type { InitArgs } from "../args.js";
import type { CliContext } from "../context.js";

/** `init [DIR]`: scaffold a campaigns repository; never overwrites a file. */
export function initCommand(ctx: CliContext): CommandModule<object, InitArgs> {
  return {
    command: "init [dir]",
    describe:
      "Start a campaigns repository: an example campaign, the schema, .gitignore, a GitHub workflow, a README",
    builder: (yargs: Argv) =>
      yargs
        .positional("dir", {
          type: "string",
          default: ".",
          describe:
            "Folder to create it in (made if missing); existing files are never overwritten",
        })
        .option("with-drift", {
          type: "boolean",
          default: false,
          describe:
            "Also write .github/workflows/thulium-campaigns-drift.yml: a daily drift check that keeps one issue open while Thulium differs from what was applied",
        })
        .option("install-from", {
          type: "string",
          describe:
            "Where the new repository's package.json installs thulium-campaigns from (an npm spec: file:FOLDER, a git URL, a tarball, a version); default: this tool's own folder, as file:FOLDER",
        })
        .example("$0 init acme-campaigns", "Create ./acme-campaigns with everything a team needs")
        .example("$0 init", "The same in the current folder")
        .example(
          "$0 init acme-campaigns --with-drift",
          "With the scheduled drift check too",
        ) as unknown as Argv<InitArgs>,
    handler: async (args) => {
      const { runInit } = await import("../flows/init-flow.js");
      await runInit(args, ctx);
    },
  };
}
