import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "../context.js";

export interface InitArgs {
  /** Folder to create the repository in; default the current folder. */
  dir: string;
}

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
        .example("$0 init acme-campaigns", "Create ./acme-campaigns with everything a team needs")
        .example("$0 init", "The same in the current folder") as unknown as Argv<InitArgs>,
    handler: async (args) => {
      const { runInit } = await import("../flows/init-flow.js");
      await runInit(args, ctx);
    },
  };
}
