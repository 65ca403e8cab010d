/**
 * The `apply` command's wiring, loaded only when the command runs: flags checked, then the
 * apply use case (use-cases/apply.ts) on the campaign files, the state file and its lock,
 * the target (Thulium or the in-process sandbox) and the terminal's confirmation; the plan
 * and the progress rendered as it reports them, then the summary and the exit code.
 */
import path from "node:path";
import { plural } from "../../core/words.js";
import { UsageError } from "../../errors.js";
import { NO_SETTINGS } from "../../io/settings/index.js";
import {
  normaliseTarget,
  readStateToRecord,
  resolveStateFile,
  StateRecorder,
} from "../../io/state/index.js";
import { clientOptionsFromEnv } from "../../io/thulium/index.js";
import { type ApplyEvents, type ApplyPorts, applyCampaigns } from "../../use-cases/apply.js";
import { campaignFiles } from "../../use-cases/plan-inputs.js";
import type { ApplyArgs } from "../args.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../durations.js";
import {
  renderApplySummary,
  renderOutcomeLine,
  renderProgressBar,
} from "../render/apply-progress.js";
import { renderIssuesText } from "../render/issues-text.js";
import { planTextParts } from "../render/plan-text.js";
import { attachedSettings } from "../settings-args.js";
import { chooseTarget, SANDBOX_TARGET, type TargetChoice } from "../target.js";
import { commitLookup, journalApply } from "./apply-journal.js";
import { takeLock } from "./apply-lock.js";
import { throwIfIncomplete } from "./apply-outcome.js";
import { checkChangeWindow } from "./apply-window.js";
import { commandHint } from "./command-hint.js";
import { connectTarget } from "./connect-target.js";
import { type HeldOutput, heldOutput } from "./held-output.js";
import { inputLabels } from "./input-labels.js";
import { connectForReads, readLiveCampaigns } from "./read-target.js";

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
  // Change windows first: a closed window refuses before anything is read, locked or sent.
  const settings = attachedSettings(args) ?? NO_SETTINGS;
  const approve = args["auto-approve"] ? ["--auto-approve"] : [];
  checkChangeWindow(args, settings, ctx, applyHint(args, approve));
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const canApprove = args["auto-approve"] || ctx.stdin.isTTY === true;
  // Nobody reads the plan to answer a question with --auto-approve: it is printed while the
  // first requests are in flight (held-output.ts), still before anything printed after it.
  const held = heldOutput(output, args["auto-approve"], ctx.signal);

  const result = await applyCampaigns(applyPorts(args, ctx, choice, lockTimeoutMs, held), {
    stateFile: choice.stateFile,
    labels: inputLabels(args.dir, choice.stateFile, ctx.cwd),
    ...(args.planfile === undefined ? {} : { planFile: path.resolve(ctx.cwd, args.planfile) }),
    options: { only: args.only, prune: args.prune },
    refresh: args.refresh,
    force: args.force,
    concurrency: args.concurrency,
    canApprove,
    forceRerun: applyHint(args, [...(args["auto-approve"] ? ["--auto-approve"] : []), "--force"]),
    limits: settings.safety,
  }).finally(held.release);
  if (result.outcome === "not-approved") {
    const rerun = applyHint(args, [...(args.force ? ["--force"] : []), "--auto-approve"]);
    throw new UsageError(
      "Standard input is not a terminal, so apply cannot ask for confirmation; nothing was sent or written. " +
        `Review the plan above and rerun with --auto-approve to apply it: ${rerun}`,
    );
  }
  if (result.outcome === "executed") {
    output.out(renderApplySummary(result.execution, output));
    throwIfIncomplete(result.execution);
  }
}

/** The real world, for the apply use case: files, state, lock, target, terminal. */
function applyPorts(
  args: ApplyArgs,
  ctx: CliContext,
  choice: TargetChoice,
  lockTimeoutMs: number,
  held: HeldOutput,
): ApplyPorts {
  const { output } = ctx;
  const commit = commitLookup(ctx);
  return {
    campaigns: campaignFiles(path.resolve(ctx.cwd, args.dir), {
      cwd: ctx.cwd,
      today: todayLocal(ctx),
    }),
    state: {
      resolve: resolveStateFile,
      read: readStateToRecord,
      openRecorder: (file, state, target, options) =>
        StateRecorder.open(file, state, target, options),
    },
    lock: (stateFile) => takeLock(stateFile, lockTimeoutMs, ctx),
    connect: (loaded) => connectTarget(choice, ctx, loaded.campaigns),
    readLive: (api) => readLiveCampaigns(api, ctx, "nothing was sent."),
    preview: {
      // The target as connectTarget will name it; for Thulium, the environment is checked now.
      target: () =>
        args.sandbox ? SANDBOX_TARGET : normaliseTarget(clientOptionsFromEnv(ctx.env).baseUrl),
      readLive: () => readWithoutApply(choice, ctx),
    },
    // --auto-approve asks nothing: the prompt (and node:readline) loads only to ask.
    confirm: async () => {
      if (args["auto-approve"]) return;
      const { confirmApply } = await import("../confirm.js");
      await confirmApply(ctx, false);
    },
    journal: ({ stateFile, target, execution }) => {
      held.release(); // a warning about the journal comes after the plan, as it always did
      return journalApply(
        stateFile,
        execution,
        { target, force: args.force, reason: args.reason },
        ctx,
        commit,
      );
    },
    signal: ctx.signal,
    events: {
      onLoaded: (loaded) => output.err(renderIssuesText(loaded.warnings, output)),
      onPlan: (plan) => {
        // "No changes" is printed at once: nothing is sent after it to print it beside.
        if (plan.changes.length === 0) held.release();
        held.printParts(() => planTextParts(plan, output));
      },
      ...progress(ctx, commit, held),
    },
  };
}

/** One line per campaign as it completes; on a terminal, with a bar for large plans. */
function progress(
  ctx: CliContext,
  commit: () => Promise<string | null>,
  held: HeldOutput,
): Pick<ApplyEvents, "onExecute" | "onOutcome"> {
  const { output } = ctx;
  let showBar = false;
  return {
    onExecute: (plan, concurrency) => {
      showBar = output.interactive && plan.changes.length > 20;
      held.print(
        () =>
          `\nApplying ${plural(plan.changes.length, "change")} with concurrency ${concurrency}…\n`,
      );
      held.releaseSoon();
    },
    onOutcome: (outcome, done, total) => {
      held.release();
      // The journal's commit, looked up while the other requests are in flight (see commitLookup).
      if (done === 1) void commit();
      const line = renderOutcomeLine(outcome, output);
      output.out(showBar ? `\r\x1b[2K${line}${renderProgressBar(done, total)}` : line);
      if (showBar && done === total) output.out("\n");
    },
  };
}

/** The list for a plan shown but not applied: read from the target, nothing created there. */
async function readWithoutApply(choice: TargetChoice, ctx: CliContext) {
  const connection = await connectForReads(choice, ctx, "apply --refresh");
  try {
    return await readLiveCampaigns(connection.api, ctx, "nothing was sent.");
  } finally {
    await connection.close();
  }
}

/** `thulium-campaigns apply …` with the flags the user gave that choose inputs and target. */
export function applyHint(args: ApplyArgs, extra: readonly string[]): string {
  return commandHint("apply", args, {
    ...(args.planfile === undefined ? {} : { positional: args.planfile }),
    extra,
  });
}
