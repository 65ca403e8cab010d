import type { Argv, CommandModule } from "yargs";
import type { StateArgs, StateListArgs, StateRmArgs, StateShowArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { withSandbox, withState } from "../options.js";

/** The id positional, kept a string: `00001` must never become the number 1. */
function withId<T>(yargs: Argv<T>) {
  return yargs.positional("id", {
    type: "string",
    describe: "Campaign id (five digits)",
  });
}

function listCommand(ctx: CliContext): CommandModule<object, StateListArgs> {
  return {
    command: "list",
    describe: "List the campaigns in the state file (id, name, source file)",
    builder: (yargs: Argv) =>
      yargs
        .option("format", {
          choices: ["text", "json"] as const,
          default: "text" as const,
          describe: "Output format",
        })
        .example("$0 state list", "What apply has applied and now manages")
        .example("$0 state list --format json", "The same, for scripts")
        .example(
          "$0 state list --sandbox",
          "The sandbox's own state file",
        ) as unknown as Argv<StateListArgs>,
    handler: async (args) => {
      const { runStateList } = await import("../flows/state-flow.js");
      await runStateList(args, ctx);
    },
  };
}

function showCommand(ctx: CliContext): CommandModule<object, StateShowArgs> {
  return {
    command: "show <id>",
    describe: "Show what was last applied for one campaign",
    builder: (yargs: Argv) =>
      withId(yargs)
        .option("format", {
          choices: ["yaml", "json"] as const,
          default: "yaml" as const,
          describe: "yaml prints a campaign declaration; json adds the source file",
        })
        .example("$0 state show 00001", "The fields last sent for campaign 00001")
        .example(
          "$0 state show 00001 --format json",
          "The same as JSON",
        ) as unknown as Argv<StateShowArgs>,
    handler: async (args) => {
      const { runStateShow } = await import("../flows/state-flow.js");
      await runStateShow(args, ctx);
    },
  };
}

function rmCommand(ctx: CliContext): CommandModule<object, StateRmArgs> {
  return {
    command: "rm <id>",
    describe: "Stop managing a campaign: remove it from the state file; Thulium is not touched",
    builder: (yargs: Argv) =>
      withId(yargs)
        .option("lock-timeout", {
          type: "string",
          default: "0s",
          describe: "How long to wait for a running apply's lock (e.g. 30s, 2m); 0s fails at once",
        })
        .example(
          "$0 state rm 00004",
          "Forget 00004 without sending anything (then delete its campaign file)",
        ) as unknown as Argv<StateRmArgs>,
    handler: async (args) => {
      const { runStateRm } = await import("../flows/state-flow.js");
      await runStateRm(args, ctx);
    },
  };
}

/** `state list | show ID | rm ID`: inspect and edit the last-applied state file. */
export function stateCommand(ctx: CliContext): CommandModule<object, StateArgs> {
  return {
    command: "state",
    describe: "Inspect the last-applied state file, or stop managing a campaign",
    builder: (yargs: Argv) =>
      withSandbox(withState(yargs))
        .command(listCommand(ctx) as unknown as CommandModule)
        .command(showCommand(ctx) as unknown as CommandModule)
        .command(rmCommand(ctx) as unknown as CommandModule)
        .demandCommand(1, "Name a state subcommand: list, show ID or rm ID.")
        .example("$0 state list", "Every managed campaign")
        .example("$0 state show 00001", "What was last applied for 00001")
        .example(
          "$0 state rm 00001",
          "Stop managing 00001 (Thulium keeps it as it is)",
        ) as unknown as Argv<StateArgs>,
    // Never reached: demandCommand requires a subcommand, whose handler runs instead.
    handler: () => {},
  };
}
