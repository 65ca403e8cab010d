import type { Argv, CommandModule } from "yargs";
import type { ApplyArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { APPLY_ENVIRONMENT } from "../environment-help.js";
import { withDir, withPlanSelection, withRefresh, withSandbox, withState } from "../options.js";

/** `apply [PLANFILE]` (alias `reconcile`): PUT the changed campaigns, recording each success. */
export function applyCommand(ctx: CliContext): CommandModule<object, ApplyArgs> {
  return {
    command: ["apply [planfile]", "reconcile [planfile]"],
    describe:
      "Apply the plan: PUT each changed campaign to Thulium and record it in the state file",
    builder: (yargs: Argv) =>
      withRefresh(withSandbox(withPlanSelection(withState(withDir(yargs)))))
        .positional("planfile", {
          type: "string",
          describe: "A plan saved by `plan --out`; applied only while it is current",
        })
        .option("auto-approve", {
          type: "boolean",
          default: false,
          describe: "Apply without asking; required when stdin is not a terminal",
        })
        .option("concurrency", {
          type: "number",
          default: 4,
          describe: "Requests in flight at once (1-64)",
        })
        .option("force", {
          type: "boolean",
          default: false,
          describe:
            "Apply even when the plan is over a safety limit (by default: touches more than 30% of the managed campaigns), or, with --reason, outside the change windows",
        })
        .option("reason", {
          type: "string",
          describe:
            "Why this apply runs (recorded in the journal); needed with --force outside the change windows",
        })
        .option("lock-timeout", {
          type: "string",
          default: "0s",
          describe: "How long to wait for another apply's lock (e.g. 30s, 2m); 0s fails at once",
        })
        .example("$0 apply", "Show the plan, ask, then apply it")
        .example("$0 apply --auto-approve", "In CI: apply without a prompt")
        .example("$0 apply plan.json --auto-approve", "Apply a plan saved by `plan --out`")
        .example("$0 apply --sandbox --auto-approve", "Try it against the built-in sandbox")
        .epilogue(APPLY_ENVIRONMENT) as unknown as Argv<ApplyArgs>,
    handler: async (args) => {
      const { runApply } = await import("../flows/apply-flow.js");
      await runApply(args, ctx);
    },
  };
}
