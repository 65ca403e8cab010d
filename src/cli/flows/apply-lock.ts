/** Taking the apply lock, saying whom it waits for when --lock-timeout makes it wait. */
import { LockHeldError } from "../../errors.js";
import { acquireLock, inspectLock, type Lock, lockFileFor } from "../../io/state/index.js";
import type { CliContext } from "../context.js";
import { escapeText } from "../render/escape.js";

/**
 * Takes the apply lock. With --lock-timeout, says that it is waiting and for whom first:
 * a command that sits silent for minutes looks hung.
 */
export async function takeLock(
  stateFile: string,
  timeoutMs: number,
  ctx: CliContext,
): Promise<Lock> {
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
      : // The lock file is anyone's to write: its values are shown escaped.
        escapeText(
          ` by ${info.command} (pid ${info.pid} on host ${info.host}, since ${info.since})`,
        );
  ctx.output.err(
    `The state file is locked${by}; waiting up to ${formatWait(timeoutMs)} for it (--lock-timeout)…\n`,
  );
  return acquireLock(stateFile, { ...options, timeoutMs });
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
