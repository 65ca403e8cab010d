/** The `plan` command's work, loaded only when the command runs. */
import path from "node:path";
import { hasChanges } from "../../core/plan.js";
import { declaredHash, writePlanFile } from "../../io/plan-file.js";
import { loadInputs, planFor } from "../../reconcile.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { renderIssuesText } from "../render/issues-text.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { chooseTarget } from "../target.js";

export interface PlanFlowArgs {
  dir: string;
  state?: string | undefined;
  format: "text" | "json" | "markdown";
  out?: string | undefined;
  "detailed-exitcode": boolean;
  only: string[];
  prune: boolean;
  sandbox: boolean;
}

export async function runPlan(args: PlanFlowArgs, ctx: CliContext): Promise<void> {
  const { output } = ctx;
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const inputs = await loadInputs({
    dir: path.resolve(ctx.cwd, args.dir),
    stateFile: choice.stateFile,
    cwd: ctx.cwd,
    today: todayLocal(),
  });
  // Warnings go to stderr so that `--format json > plan.json` stays machine-readable.
  output.err(renderIssuesText(inputs.warnings, output));
  const options = { only: args.only, prune: args.prune };
  const plan = planFor(inputs, options);

  if (args.format === "json") output.out(renderPlanJson(plan));
  else if (args.format === "markdown") output.out(renderPlanMarkdown(plan));
  else output.out(renderPlanText(plan, output));

  if (args.out !== undefined) {
    const file = path.resolve(ctx.cwd, args.out);
    await writePlanFile(file, {
      ...plan,
      lineage: inputs.state.lineage,
      serial: inputs.state.serial,
      declared_sha256: declaredHash(inputs.declared),
      options,
      target: choice.target,
      created_at: new Date().toISOString(),
    });
    output.err(
      `Saved the plan to ${args.out}; apply it with: thulium-campaigns apply ${args.out}\n`,
    );
  }
  if (args["detailed-exitcode"] && hasChanges(plan)) ctx.exitCode = 2;
}
