/**
 * The `apply` command's work: validate → credentials → lock → state → plan → gate →
 * confirm → execute → summary. Loaded only when the command runs.
 */
import path from "node:path";
import { type ExecuteResult, executePlan } from "../../apply/execute.js";
import type { Plan } from "../../core/plan.js";
import { checkSafetyGate } from "../../core/safety-gate.js";
import { UsageError } from "../../errors.js";
import { loadValidCampaigns } from "../../io/campaign-files.js";
import { StateRecorder } from "../../io/state-recorder.js";
import { assertTarget, readState, resolveStateFile } from "../../io/state-store.js";
import { planFor } from "../../reconcile.js";
import { todayLocal } from "../clock.js";
import type { ApplyArgs } from "../commands/apply.js";
import { confirmApply } from "../confirm.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../durations.js";
import {
  renderApplySummary,
  renderOutcomeLine,
  renderProgressBar,
} from "../render/apply-progress.js";
import { renderIssuesText } from "../render/issues-text.js";
import { renderPlanText } from "../render/plan-text.js";
import { chooseTarget } from "../target.js";
import { takeLock } from "./apply-lock.js";
import { throwIfIncomplete } from "./apply-outcome.js";
import { connectTarget } from "./connect-target.js";
import { loadSavedPlan } from "./saved-plan.js";

/** At most 1,000 applied campaigns, for at most 200 ms, not yet in the state file. */
const STATE_LAG = { entries: 1000, ms: 200 };

export async function runApply(args: ApplyArgs, ctx: CliContext): Promise<void> {
  const { output } = ctx;
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 64) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to 64, not ${args.concurrency}.`,
    );
  }
  if (args.planfile !== undefined && (args.only.length > 0 || args.prune)) {
    throw new UsageError(
      "--only and --prune belong to `plan --out`; a saved plan already carries them.",
    );
  }
  const lockTimeoutMs = parseDuration(args["lock-timeout"], "--lock-timeout");
  const choice = chooseTarget(args, ctx.env, ctx.cwd);

  // Every campaign file must be valid before anything else happens.
  const loaded = await loadValidCampaigns(path.resolve(ctx.cwd, args.dir), {
    cwd: ctx.cwd,
    today: todayLocal(),
  });
  output.err(renderIssuesText(loaded.warnings, output));

  const connection = await connectTarget(choice, ctx, loaded.campaigns);
  try {
    // Locked, read and written at one path: a symlinked state file's real one.
    const stateFile = await resolveStateFile(choice.stateFile);
    const lock = await takeLock(stateFile, lockTimeoutMs, ctx);
    try {
      const state = await readState(stateFile);
      assertTarget(state, connection.target, stateFile);
      const plan =
        args.planfile === undefined
          ? planFor(
              { ...loaded, declared: loaded.campaigns, state },
              { only: args.only, prune: args.prune },
            )
          : await loadSavedPlan(path.resolve(ctx.cwd, args.planfile), {
              state,
              declared: loaded.campaigns,
              target: connection.target,
            });

      output.out(renderPlanText(plan, output));
      if (plan.changes.length === 0) return;
      if (!args.force) checkSafetyGate(plan, state, { force: false });
      await confirmApply(ctx, args["auto-approve"]);

      // Requests do not wait for the disk: the state may trail them by STATE_LAG (never run
      // ahead), and flush() below makes it durable before the summary and the lock release.
      const recorder = await StateRecorder.open(stateFile, state, connection.target, {
        lag: STATE_LAG,
      });
      const result = await executeWithProgress(
        plan,
        ctx,
        connection.api,
        recorder,
        args.concurrency,
      ).finally(() => recorder.flush().catch(() => {})); // written even if executing throws
      await recorder.flush();
      output.out(renderApplySummary(result, output));
      throwIfIncomplete(result);
    } finally {
      await lock.release();
    }
  } finally {
    await connection.close();
  }
}

async function executeWithProgress(
  plan: Plan,
  ctx: CliContext,
  api: Parameters<typeof executePlan>[1]["api"],
  recorder: StateRecorder,
  concurrency: number,
): Promise<ExecuteResult> {
  const { output } = ctx;
  const showBar = output.interactive && plan.changes.length > 20;
  output.out(
    `\nApplying ${plan.changes.length} change${plan.changes.length === 1 ? "" : "s"} with concurrency ${concurrency}…\n`,
  );
  return executePlan(plan, {
    api,
    recorder,
    concurrency,
    signal: ctx.signal,
    events: {
      onOutcome: (outcome, done, total) => {
        const line = renderOutcomeLine(outcome, output);
        output.out(showBar ? `\r\x1b[2K${line}${renderProgressBar(done, total)}` : line);
        if (showBar && done === total) output.out("\n");
      },
    },
  });
}
