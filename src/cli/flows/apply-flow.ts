/**
 * The `apply` command's work: validate → credentials → lock → state → plan → gate →
 * confirm → execute → summary. Loaded only when the command runs.
 */
import path from "node:path";
import { type ExecuteResult, executePlan } from "../../apply/execute.js";
import type { Plan } from "../../core/plan.js";
import { checkSafetyGate } from "../../core/safety-gate.js";
import {
  type ApiError,
  InterruptedError,
  LockHeldError,
  PartialApplyError,
  UsageError,
} from "../../errors.js";
import { loadValidCampaigns } from "../../io/campaign-files.js";
import { acquireLock, type Lock, lockFileFor } from "../../io/lock.js";
import { inspectLock } from "../../io/state/lock-holder.js";
import { StateRecorder } from "../../io/state-recorder.js";
import { assertTarget, readState } from "../../io/state-store.js";
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
    const lock = await takeLock(choice.stateFile, lockTimeoutMs, ctx);
    try {
      const state = await readState(choice.stateFile);
      assertTarget(state, connection.target, choice.stateFile);
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
      const recorder = await StateRecorder.open(choice.stateFile, state, connection.target, {
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

/**
 * Takes the apply lock. With --lock-timeout, says that it is waiting and for whom first:
 * a command that sits silent for minutes looks hung.
 */
async function takeLock(stateFile: string, timeoutMs: number, ctx: CliContext): Promise<Lock> {
  // Ctrl-C while waiting for another apply's lock stops waiting at once.
  const options = { command: "apply", signal: ctx.signal };
  if (timeoutMs <= 0) return acquireLock(stateFile, options);
  try {
    return await acquireLock(stateFile, options);
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
  }
  const holder = await inspectLock(lockFileFor(stateFile));
  const info = holder.kind === "held" ? holder.info : undefined;
  const by =
    info === undefined
      ? ""
      : ` by ${info.command} (pid ${info.pid} on host ${info.host}, since ${info.since})`;
  ctx.output.err(
    `The state file is locked${by}; waiting up to ${formatWait(timeoutMs)} for it (--lock-timeout)…\n`,
  );
  return acquireLock(stateFile, { ...options, timeoutMs });
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
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

function throwIfIncomplete(result: ExecuteResult): void {
  const applied = result.succeeded.length;
  if (result.interrupted) {
    throw new InterruptedError(
      `Interrupted: ${applied} change${applied === 1 ? "" : "s"} applied and recorded, ${result.failed.length} failed, ${result.notStarted.length} not started. Run apply again to finish; it sends only what is still different.`,
    );
  }
  if (result.fatal !== undefined) {
    throw new PartialApplyError(
      result.failed.map((f) => ({ id: f.change.id, error: f.error })),
      `${fatalCause(result.fatal)}, so the run stopped: every other request would fail the same way. ${applied} applied, ${result.notStarted.length} not started. ${fatalAdvice(result.fatal)}`,
    );
  }
  if (result.failed.length > 0) {
    throw new PartialApplyError(
      result.failed.map((f) => ({ id: f.change.id, error: f.error })),
      `${result.failed.length} campaign${result.failed.length === 1 ? "" : "s"} failed; the ${applied} others were applied and recorded. Fix the cause and run apply again: it retries only what is still different.`,
    );
  }
}

/** What stopped the run. Only 401 and 403 mean the API user was refused. */
function fatalCause(error: ApiError): string {
  const { status, kind } = error.details;
  if (status === 401 || status === 403) return `Thulium refused the API user (HTTP ${status})`;
  if (kind === "redirect") return `Thulium redirected the request elsewhere (HTTP ${status})`;
  return `The answer did not come from Thulium's API (HTTP ${status})`;
}

function fatalAdvice(error: ApiError): string {
  const { status } = error.details;
  if (status === 401 || status === 403)
    return "Check THULIUM_USER/THULIUM_PASSWORD and the API user's permissions, then run apply again.";
  return "Check THULIUM_URL (https, ending in /api), then run apply again.";
}
