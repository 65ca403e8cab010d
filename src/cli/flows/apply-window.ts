/**
 * The change-window check `apply` makes before anything else happens (nothing read from
 * Thulium, nothing locked or written): inside a freeze or outside every allowed window it
 * refuses, saying when apply is next allowed; `--force` passes only with `--reason TEXT`.
 */
import { decide, describeInstant } from "../../core/windows.js";
import { UsageError, UserError } from "../../errors.js";
import type { Settings } from "../../io/settings/index.js";
import type { CliContext } from "../context.js";

/** Apply refused because the change windows close it now. */
export class ChangeWindowClosedError extends UserError {
  override name = "ChangeWindowClosedError";
}

/** What the journal records about an override (undefined: the window was open or absent). */
export interface WindowOverride {
  reason: string;
}

/**
 * @returns the override when `--force --reason` applied a closed window, else undefined.
 * @throws ChangeWindowClosedError when closed without --force; UsageError for --force
 *   without --reason while closed.
 */
export function checkChangeWindow(
  args: { force: boolean; reason?: string | undefined },
  settings: Settings,
  ctx: CliContext,
  rerun: string,
): WindowOverride | undefined {
  const windows = settings.windows;
  if (windows === undefined) return undefined;
  const now = ctx.now();
  const decision = decide(now, windows);
  if (decision.allowed) return undefined;
  const where = settings.file === undefined ? "" : ` (windows in ${settings.file})`;
  const when = `It is ${describeInstant(now, windows.timezone)}: ${decision.reason}${where}.`;
  const next =
    decision.nextAllowed === undefined
      ? "No allowed time was found in the next two years."
      : `Apply is next allowed at ${describeInstant(decision.nextAllowed, windows.timezone)}.`;
  const reason = args.reason?.trim() ?? "";
  if (!args.force) {
    throw new ChangeWindowClosedError(
      `Apply is closed by the change windows. ${when} Nothing was sent, locked or written. ${next} ` +
        `To apply anyway, say why: ${rerun} --force --reason "…"`,
    );
  }
  if (reason === "") {
    throw new UsageError(
      `--force overrides the change windows only with --reason TEXT saying why (the journal records it). ${when} Nothing was sent, locked or written. ${next}`,
    );
  }
  ctx.output.err(
    `${ctx.output.paint(["bold", "yellow"], "Warning:")} applying outside the change windows with --force (reason: ${JSON.stringify(reason)}). ${when}\n`,
  );
  return { reason };
}
