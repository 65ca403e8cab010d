/**
 * The one place apply writes its journal line: after the state is flushed, while the lock
 * is still held. A journal that cannot be written does not undo or fail an apply whose
 * requests were sent and recorded; it is reported loudly instead.
 */

import { whyWriteFailed } from "../../io/fs/index.js";
import {
  actorFrom,
  appendJournal,
  commitFrom,
  journalEntry,
  journalFileFor,
} from "../../io/journal/index.js";
import type { ExecuteResult } from "../../use-cases/execute-plan.js";
import type { CliContext } from "../context.js";
import { redactSecrets } from "../redact.js";
import { escapeText } from "../render/escape.js";

export async function journalApply(
  stateFile: string,
  result: ExecuteResult,
  run: { target: string; force: boolean; reason?: string | undefined },
  ctx: CliContext,
): Promise<void> {
  const file = journalFileFor(stateFile);
  // The actor and the reason are whatever the environment and the operator typed: the
  // password is removed from them in every form, as from every message.
  const redact = (text: string) => redactSecrets(text, ctx.env);
  const actor = actorFrom(ctx.env);
  const entry = journalEntry(result, {
    time: ctx.now(),
    actor: actor === null ? null : redact(actor),
    commit: await commitFrom(ctx.env, ctx.cwd),
    ...run,
    ...(run.reason === undefined ? {} : { reason: redact(run.reason) }),
  });
  try {
    await appendJournal(file, entry);
  } catch (error) {
    ctx.output.err(
      `${ctx.output.paint(["bold", "yellow"], "Warning:")} the apply journal ${escapeText(file)} could not be written (${whyWriteFailed(error)}); the changes above were applied and recorded in the state file.\n`,
    );
  }
}
