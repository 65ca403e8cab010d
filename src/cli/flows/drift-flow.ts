/** The `drift` command's work, loaded only when the command runs: connect, check, render. */
import { hasDrift } from "../../core/drift.js";
import { UsageError } from "../../errors.js";
import { readState } from "../../io/state/index.js";
import { checkDrift, type DriftResult } from "../../use-cases/drift.js";
import type { DriftArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { redactSecrets } from "../redact.js";
import { renderDriftJson } from "../render/drift-json.js";
import { renderDriftMarkdown } from "../render/drift-markdown.js";
import { renderDriftText } from "../render/drift-text.js";
import { chooseTarget } from "../target.js";
import { commandHint } from "./command-hint.js";
import { inputLabels } from "./input-labels.js";
import { connectForReads, interruptedOr, listReadLine } from "./read-target.js";

export async function runDrift(args: DriftArgs, ctx: CliContext): Promise<void> {
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 64)
    throw new UsageError(
      `--concurrency must be a whole number from 1 to 64, not ${args.concurrency}.`,
    );
  const { output } = ctx;
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const labels = inputLabels(args.dir, choice.stateFile, ctx.cwd);
  const connection = await connectForReads(choice, ctx, "drift");
  let result: DriftResult;
  try {
    result = await checkDrift(
      {
        readState: () => readState(choice.stateFile),
        api: connection.api,
        signal: ctx.signal,
        events: {
          onListRead: (list) => output.err(listReadLine(list)),
        },
      },
      {
        target: connection.target,
        stateFile: labels.stateFile,
        only: args.only,
        concurrency: args.concurrency,
      },
    );
  } catch (error) {
    throw interruptedOr(error, ctx, "Interrupted while reading Thulium; nothing was compared.");
  } finally {
    await connection.close();
  }

  const planHint = commandHint("plan", { ...args, prune: false, refresh: true });
  const view =
    args.format === "json"
      ? renderDriftJson(result)
      : args.format === "markdown"
        ? renderDriftMarkdown(result, { stateFile: labels.stateFile, planHint })
        : renderDriftText(result, output, { stateFile: labels.stateFile, planHint });
  // Live values are Thulium's text: the last line of defence for the secrets rule.
  output.out(redactSecrets(view, ctx.env));
  if (args["detailed-exitcode"] && hasDrift(result.drift)) ctx.exitCode = 2;
}
