import type { Argv, CommandModule } from "yargs";
import type { PlanArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { PLAN_ENVIRONMENT } from "../environment-help.js";
import { withDir, withPlanSelection, withRefresh, withSandbox, withState } from "../options.js";

/** `plan`: show what apply would do. No network, no credentials; writes only --out. */
export function planCommand(ctx: CliContext): CommandModule<object, PlanArgs> {
  return {
    command: "plan",
    describe:
      "Compare the campaign files with the last-applied state (and, with --refresh, Thulium) and show what apply would change",
    builder: (yargs: Argv) =>
      withRefresh(withSandbox(withPlanSelection(withState(withDir(yargs)))))
        .option("format", {
          choices: ["text", "json", "markdown"] as const,
          default: "text" as const,
          describe: "Output format (markdown is sized for a pull-request comment)",
        })
        .option("out", { type: "string", describe: "Also save the plan as JSON, for `apply FILE`" })
        .option("detailed-exitcode", {
          type: "boolean",
          default: false,
          describe: "Exit 2 when the plan has changes (0 none, 1 error)",
        })
        .example("$0 plan", "Show the changes as text")
        .example("$0 plan --format markdown > plan.md", "A pull-request comment")
        .example(
          "$0 plan --out plan.json && $0 apply plan.json",
          "Review, then apply exactly that plan",
        )
        .example(
          "$0 plan --refresh",
          "Also compare with Thulium's live campaigns (needs credentials or --sandbox)",
        )
        .example("$0 plan --only 00001 --only 00002", "Only these campaigns")
        .epilogue(PLAN_ENVIRONMENT) as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      const { runPlan } = await import("../flows/plan-flow.js");
      await runPlan(args, ctx);
    },
  };
}
