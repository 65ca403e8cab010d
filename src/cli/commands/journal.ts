import type { Argv, CommandModule } from "yargs";
import type { JournalArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { withSandbox, withState } from "../options.js";

/** `journal`: the latest applies, from `journal.jsonl` beside the state file. */
export function journalCommand(ctx: CliContext): CommandModule<object, JournalArgs> {
  return {
    command: "journal",
    describe: "Show the latest applies recorded in the journal beside the state file",
    builder: (yargs: Argv) =>
      withSandbox(withState(yargs))
        .option("n", {
          type: "number",
          default: 20,
          describe: "How many of the latest applies to show",
        })
        .option("format", {
          choices: ["text", "json"] as const,
          default: "text" as const,
          describe: "Output format (json: an array of entries, oldest first)",
        })
        .example("$0 journal", "The latest 20 applies, one line each")
        .example(
          "$0 journal -n 5 --format json",
          "The latest 5 as JSON",
        ) as unknown as Argv<JournalArgs>,
    handler: async (args) => {
      const { runJournal } = await import("../flows/journal-flow.js");
      await runJournal(args, ctx);
    },
  };
}
