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

/**
 * The commit the journal names, looked up once, when first asked. Apply asks at its first
 * answer from Thulium, so `git rev-parse HEAD` runs while the other requests are in flight
 * instead of after the last one (it cost ~0.1 s of wall time there, a tenth of a whole
 * 1,000-PUT apply at concurrency 64); the journal asks again and gets the same answer.
 */
export function commitLookup(ctx: CliContext): () => Promise<string | null> {
  let commit: Promise<string | null> | undefined;
  return () => {
    commit ??= commitFrom(ctx.env, ctx.cwd);
    return commit;
  };
}

export async function journalApply(
  stateFile: string,
  result: ExecuteResult,
  run: { target: string; force: boolean; reason?: string | undefined },
  ctx: CliContext,
  commit: () => Promise<string | null> = commitLookup(ctx),
): Promise<void> {
  const file = journalFileFor(stateFile);
  // The actor and the reason are whatever the environment and the operator typed: the
  // password is removed from them in every form, as from every message.
  const redact = (text: string) => redactSecrets(text, ctx.env);
  const actor = actorFrom(ctx.env);
  const entry = journalEntry(result, {
    time: ctx.now(),
    actor: actor === null ? null : redact(actor),
    commit: await commit(),
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
