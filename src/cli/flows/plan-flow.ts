/** The `plan` command's work, loaded only when the command runs. */
import path from "node:path";
import type { LiveCampaign } from "../../core/live-campaign.js";
import { hasChanges } from "../../core/plan.js";
import { coveredIds, liveFingerprint } from "../../core/refresh.js";
import { dropsEveryManaged } from "../../core/safety-gate.js";
import type { State } from "../../core/state.js";
import { declaredHash, sha256, writePlanFile } from "../../io/plan-file.js";
import { assertTarget } from "../../io/state-store.js";
import { assertOnlyIdsKnown, loadInputs, planFor } from "../../reconcile.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { escapeText } from "../render/escape.js";
import { renderIssuesText } from "../render/issues-text.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { chooseTarget, type TargetChoice } from "../target.js";
import { commandHint } from "./command-hint.js";
import { inputLabels } from "./input-labels.js";
import { connectForReads, readLiveCampaigns } from "./read-target.js";

export interface PlanFlowArgs {
  dir: string;
  state?: string | undefined;
  format: "text" | "json" | "markdown";
  out?: string | undefined;
  "detailed-exitcode": boolean;
  only: string[];
  prune: boolean;
  sandbox: boolean;
  refresh: boolean;
}

export async function runPlan(args: PlanFlowArgs, ctx: CliContext): Promise<void> {
  const { output } = ctx;
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const inputs = await loadInputs({
    dir: path.resolve(ctx.cwd, args.dir),
    stateFile: choice.stateFile,
    cwd: ctx.cwd,
    today: todayLocal(ctx),
  });
  // Warnings go to stderr so that `--format json > plan.json` stays machine-readable.
  output.err(renderIssuesText(inputs.warnings, output));
  const labels = inputLabels(args.dir, choice.stateFile, ctx.cwd);
  const options = { only: args.only, prune: args.prune };
  assertOnlyIdsKnown(options.only, inputs.declared, inputs.state, labels);
  const read = args.refresh ? await readForRefresh(choice, ctx, inputs.state) : undefined;
  const plan = planFor(inputs, options, read?.live);

  if (args.format === "json") output.out(renderPlanJson(plan));
  else if (args.format === "markdown") output.out(renderPlanMarkdown(plan));
  else output.out(renderPlanText(plan, output));

  if (dropsEveryManaged(plan, inputs.state)) {
    // apply refuses this plan without --force (core/safety-gate.ts); say so now, loudly.
    const managed = Object.keys(inputs.state.campaigns).length;
    const warning =
      `Warning: this plan drops every campaign in the state (${managed} of ${managed}): ` +
      `the campaign files in ${labels.dir} declare none of them. Check --dir and --state; ` +
      "apply refuses this plan without --force.";
    output.err(`${output.paint(["bold", "red"], warning)}\n`);
  }

  if (args.out !== undefined) {
    const file = path.resolve(ctx.cwd, args.out);
    const live =
      read === undefined
        ? {}
        : {
            live_sha256: sha256(
              liveFingerprint(coveredIds(inputs.declared, inputs.state, options), read.live),
            ),
          };
    await writePlanFile(file, {
      ...plan,
      lineage: inputs.state.lineage,
      serial: inputs.state.serial,
      declared_sha256: declaredHash(inputs.declared),
      ...live,
      options: read === undefined ? options : { ...options, refresh: true },
      target: read?.target ?? choice.target,
      created_at: ctx.now().toISOString(),
    });
    // The saved plan carries --only, --prune and --refresh; --sandbox, --dir and --state
    // must be repeated.
    const apply = commandHint(
      "apply",
      { ...args, only: [], prune: false, refresh: false },
      { positional: args.out },
    );
    output.err(`Saved the plan to ${escapeText(args.out)}; apply it with: ${apply}\n`);
  }
  if (args["detailed-exitcode"] && hasChanges(plan)) ctx.exitCode = 2;
}

/**
 * `--refresh`: Thulium's list, read from the target the state belongs to (credentials or
 * `--sandbox` needed; plain `plan` needs neither).
 */
async function readForRefresh(
  choice: TargetChoice,
  ctx: CliContext,
  state: State,
): Promise<{ target: string; live: LiveCampaign[] }> {
  const connection = await connectForReads(choice, ctx, "plan --refresh");
  try {
    assertTarget(state, connection.target, choice.stateFile);
    const live = await readLiveCampaigns(connection.api, ctx, "no plan was made.");
    return { target: connection.target, live };
  } finally {
    await connection.close();
  }
}
