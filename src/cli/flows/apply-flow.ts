/**
 * The `apply` command's work: validate → (no terminal and no --auto-approve: show the plan
 * and refuse, touching nothing) → credentials → lock → state → plan → gate → confirm →
 * execute → summary. Loaded only when the command runs.
 */
import path from "node:path";
import { type ExecuteResult, executePlan } from "../../apply/execute.js";
import type { Plan } from "../../core/plan.js";
import { plural } from "../../core/words.js";
import { UsageError } from "../../errors.js";
import { loadValidCampaigns } from "../../io/campaign-files.js";
import { StateRecorder } from "../../io/state-recorder.js";
import {
  assertTarget,
  normaliseTarget,
  readState,
  resolveStateFile,
} from "../../io/state-store.js";
import { clientOptionsFromEnv } from "../../io/thulium-client.js";
import { assertOnlyIdsKnown, type InputLabels } from "../../reconcile.js";
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
import { chooseTarget, SANDBOX_TARGET } from "../target.js";
import { takeLock } from "./apply-lock.js";
import { throwIfIncomplete } from "./apply-outcome.js";
import { type ApplyInputs, applyHint, gate, planToApply } from "./apply-plan.js";
import { connectTarget } from "./connect-target.js";
import { inputLabels } from "./input-labels.js";
import { connectForReads, readLiveCampaigns } from "./read-target.js";

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
  if (args.planfile !== undefined && args.refresh) {
    throw new UsageError(
      "--refresh belongs to `plan --out`: a plan saved with `plan --refresh --out` re-reads Thulium's list when applied, and refuses itself if a live value changed since.",
    );
  }
  const lockTimeoutMs = parseDuration(args["lock-timeout"], "--lock-timeout");
  const choice = chooseTarget(args, ctx.env, ctx.cwd);

  // Every campaign file must be valid before anything else happens.
  const loaded = await loadValidCampaigns(path.resolve(ctx.cwd, args.dir), {
    cwd: ctx.cwd,
    today: todayLocal(ctx),
  });
  output.err(renderIssuesText(loaded.warnings, output));
  const labels = inputLabels(args.dir, choice.stateFile, ctx.cwd);

  // Decide what the files and the state alone can decide before anything is touched (the
  // sandbox seeded, the lock taken, the state written): unknown --only ids, and whether
  // anyone can approve the plan at all.
  if (!args["auto-approve"] && !ctx.stdin.isTTY) {
    await refuseWithoutApproval(args, ctx, { loaded, labels, stateFile: choice.stateFile });
    return;
  }
  if (args.only.length > 0) {
    const state = await readState(choice.stateFile); // read only: the lock comes later
    assertOnlyIdsKnown(args.only, loaded.campaigns, state, labels);
  }

  const connection = await connectTarget(choice, ctx, loaded.campaigns);
  try {
    // Locked, read and written at one path: a symlinked state file's real one.
    const stateFile = await resolveStateFile(choice.stateFile);
    const lock = await takeLock(stateFile, lockTimeoutMs, ctx);
    try {
      const state = await readState(stateFile);
      assertTarget(state, connection.target, stateFile);
      // --refresh reads the list here: under the lock, after the state, before the plan.
      const readLive = () => readLiveCampaigns(connection.api, ctx, "nothing was sent.");
      const inputs = { loaded, state, target: connection.target, labels, readLive };
      const plan = await planToApply(args, ctx, inputs);

      output.out(renderPlanText(plan, output));
      if (plan.changes.length === 0) return;
      gate(args, plan, inputs);
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

/**
 * No terminal to ask and no --auto-approve: show the plan (read from the files and the
 * state without the lock, nothing started or written), check it as apply would, then
 * refuse. With nothing to do, "No changes" and exit 0 as usual.
 */
async function refuseWithoutApproval(
  args: ApplyArgs,
  ctx: CliContext,
  read: { loaded: ApplyInputs["loaded"]; labels: InputLabels; stateFile: string },
): Promise<void> {
  // The target as connectTarget will name it; for Thulium, the environment is checked now.
  const target = args.sandbox
    ? SANDBOX_TARGET
    : normaliseTarget(clientOptionsFromEnv(ctx.env).baseUrl);
  const state = await readState(read.stateFile);
  assertTarget(state, target, read.stateFile);
  const inputs = { ...read, state, target, readLive: () => readWithoutApply(args, ctx) };
  const plan = await planToApply(args, ctx, inputs);
  ctx.output.out(renderPlanText(plan, ctx.output));
  if (plan.changes.length === 0) return;
  gate(args, plan, inputs);
  const rerun = applyHint(args, [...(args.force ? ["--force"] : []), "--auto-approve"]);
  throw new UsageError(
    "Standard input is not a terminal, so apply cannot ask for confirmation; nothing was sent or written. " +
      `Review the plan above and rerun with --auto-approve to apply it: ${rerun}`,
  );
}

/** The list for a plan shown but not applied: read from the target, nothing created there. */
async function readWithoutApply(args: ApplyArgs, ctx: CliContext) {
  const connection = await connectForReads(
    chooseTarget(args, ctx.env, ctx.cwd),
    ctx,
    "apply --refresh",
  );
  try {
    return await readLiveCampaigns(connection.api, ctx, "nothing was sent.");
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
    `\nApplying ${plural(plan.changes.length, "change")} with concurrency ${concurrency}…\n`,
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
