import type { Argv, CommandModule } from "yargs";
import type { SandboxEditArgs } from "../args.js";
import type { CliContext } from "../context.js";

/** `sandbox edit ID FIELD=VALUE…`: change a campaign as an admin would in Thulium's panel. */
export function sandboxEditCommand(ctx: CliContext): CommandModule<object, SandboxEditArgs> {
  return {
    command: "edit <id> [changes..]",
    describe:
      "Change a campaign in a sandbox as an admin would in Thulium's panel (to try drift, import and --refresh)",
    builder: (yargs: Argv) =>
      yargs
        .positional("id", { type: "string", describe: "Campaign id (five digits)" })
        .positional("changes", {
          type: "string",
          array: true,
          default: [] as string[],
          describe:
            'FIELD=VALUE, values read as YAML scalars (order=99, active=false, name="New name"); parameters.KEY=VALUE for a parameter; FIELD= (or FIELD=null) removes an optional field',
        })
        .option("add-agent", {
          type: "string",
          array: true,
          default: [] as string[],
          describe: "Make this agent login a member of the campaign, as in the panel (repeatable)",
        })
        .option("remove-agent", {
          type: "string",
          array: true,
          default: [] as string[],
          describe: "Take this agent login out of the campaign, as in the panel (repeatable)",
        })
        .option("url", {
          type: "string",
          describe:
            "A running sandbox's address, as `sandbox` printed it (http://127.0.0.1:PORT/api)",
        })
        .option("data", {
          type: "string",
          describe:
            "Edit a stopped sandbox's data file instead (e.g. .thulium/sandbox/data.json, the one --sandbox uses)",
        })
        .conflicts("url", "data")
        .example(
          "$0 sandbox edit 00001 order=99 --url http://127.0.0.1:8080/api",
          "What an admin changing the order in the panel would do",
        )
        .example(
          '$0 sandbox edit 00001 name="Nowa nazwa" end_date= --data .thulium/sandbox/data.json',
          "Rename, and remove the end date, in the --sandbox data",
        )
        .example(
          "$0 sandbox edit 00001 --add-agent tkaminski --remove-agent anowak --data .thulium/sandbox/data.json",
          "Add one agent to the campaign and remove another, as a supervisor would in the panel",
        ) as unknown as Argv<SandboxEditArgs>,
    handler: async (args) => {
      const { runSandboxEdit } = await import("../flows/sandbox-edit-flow.js");
      await runSandboxEdit(args, ctx);
    },
  };
}
