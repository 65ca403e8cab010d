/**
 * The `plan` command's wiring, loaded only when the command runs: the plan use case
 * (use-cases/plan.ts) on the campaign files, the state file and, for `--refresh`, the
 * target's list; then the chosen view, the --out file and the exit code.
 */
import path from "node:path";
import { hasChanges } from "../../core/plan.js";
import type { State } from "../../core/state.js";
import { writePlanFile } from "../../io/plan-file/index.js";
import { assertTarget, readState } from "../../io/state/index.js";
import { readMemberships } from "../../use-cases/drift-agents.js";
import { type LiveRead, makePlan, savedPlanOf } from "../../use-cases/plan.js";
import { campaignFiles } from "../../use-cases/plan-inputs.js";
import type { PlanArgs } from "../args.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { escapeText } from "../render/escape.js";
import { renderIssuesText } from "../render/issues-text.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import {
  windowBannerMarkdown,
  windowJson,
  windowSentence,
  windowStatus,
} from "../render/window-banner.js";
import { attachedSettings } from "../settings-args.js";
import { chooseTarget, type TargetChoice } from "../target.js";
import { commandHint } from "./command-hint.js";
import { inputLabels } from "./input-labels.js";
import { connectForReads, readLiveCampaigns } from "./read-target.js";

export async function runPlan(args: PlanArgs, ctx: CliContext): Promise<void> {
  const { output } = ctx;
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const labels = inputLabels(args.dir, choice.stateFile, ctx.cwd);
  const result = await makePlan(
    {
      campaigns: campaignFiles(path.resolve(ctx.cwd, args.dir), {
        cwd: ctx.cwd,
        today: todayLocal(ctx),
      }),
      readState: () => readState(choice.stateFile),
      readLive: (state, membershipIds) => readForRefresh(choice, ctx, state, membershipIds),
      // Warnings go to stderr so that `--format json > plan.json` stays machine-readable.
      events: { onLoaded: (loaded) => output.err(renderIssuesText(loaded.warnings, output)) },
    },
    { labels, options: { only: args.only, prune: args.prune }, refresh: args.refresh },
  );
  const { plan, state } = result;

  const windows = attachedSettings(args)?.windows;
  const status = windows === undefined ? undefined : windowStatus(windows, ctx.now());
  if (args.format === "json")
    output.out(renderPlanJson(plan, status === undefined ? {} : { window: windowJson(status) }));
  else if (args.format === "markdown")
    output.out(
      renderPlanMarkdown(
        plan,
        status === undefined ? {} : { banner: windowBannerMarkdown(status) },
      ),
    );
  else {
    if (status !== undefined) {
      const style = status.decision.allowed ? (["dim"] as const) : (["bold", "yellow"] as const);
      output.out(`${output.paint([...style], windowSentence(status))}\n\n`);
    }
    output.out(renderPlanText(plan, output));
  }

  if (result.dropsEveryManaged) {
    // apply refuses this plan without --force (core/safety-gate.ts); say so now, loudly.
    const managed = Object.keys(state.campaigns).length;
    const warning =
      `Warning: this plan drops every campaign in the state (${managed} of ${managed}): ` +
      `the campaign files in ${labels.dir} declare none of them. Check --dir and --state; ` +
      "apply refuses this plan without --force.";
    output.err(`${output.paint(["bold", "red"], warning)}\n`);
  }

  if (args.out !== undefined) {
    const file = path.resolve(ctx.cwd, args.out);
    await writePlanFile(file, savedPlanOf(result, { target: choice.target, createdAt: ctx.now() }));
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
  membershipIds: readonly string[],
): Promise<LiveRead> {
  const connection = await connectForReads(choice, ctx, "plan --refresh");
  try {
    assertTarget(state, connection.target, choice.stateFile);
    const live = await readLiveCampaigns(connection.api, ctx, "no plan was made.");
    // Membership of the campaigns declaring agents, so the plan lists what apply would do.
    const memberships = await readMemberships(connection.api, membershipIds, 4, {
      signal: ctx.signal,
    });
    return { target: connection.target, live, memberships };
  } finally {
    await connection.close();
  }
}
