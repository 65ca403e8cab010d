/**
 * Connecting the commands that read Thulium (`drift`, `plan --refresh`) to their target,
 * and reading the list for them. Reads never create anything: the in-process sandbox is
 * started without seeding declared campaigns (apply does that, as an admin would).
 */
import type { LiveCampaign } from "../../core/live-campaign.js";
import { orList, plural } from "../../core/words.js";
import { ApiError, InterruptedError, UsageError } from "../../errors.js";
import {
  type ListApi,
  type LiveList,
  readLiveList,
  redactLiveCampaigns,
} from "../../io/thulium/reads.js";
import type { CliContext } from "../context.js";
import type { TargetChoice } from "../target.js";
import { type Connection, connectTarget } from "./connect-target.js";

const CREDENTIALS = ["THULIUM_URL", "THULIUM_USER", "THULIUM_PASSWORD"] as const;

/**
 * The target's connection, for reads. Without `--sandbox` the three variables must be set:
 * checked here so that the message names the command that needs them.
 * @throws UsageError naming the variables missing (never their values).
 */
export async function connectForReads(
  choice: TargetChoice,
  ctx: CliContext,
  command: string,
): Promise<Connection> {
  if (!choice.sandbox) {
    const missing = CREDENTIALS.filter((name) => (ctx.env[name] ?? "") === "");
    if (missing.length > 0)
      throw new UsageError(
        `${command} reads Thulium, so it needs THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD; ${notSet(missing)}. Set them as for apply, or add --sandbox to read the built-in sandbox.`,
      );
  }
  return connectTarget(choice, ctx, []);
}

function notSet(missing: readonly string[]): string {
  if (missing.length === CREDENTIALS.length) return "none of them is set";
  return `${orList([...missing]).replace(" or ", " and ")} ${missing.length === 1 ? "is" : "are"} not set`;
}

/**
 * Thulium's list of campaigns (`GET outbounds` and its pages), with a line on stderr saying
 * what was read. Ctrl-C while reading is an interruption (exit 130), not an API error.
 */
export async function readLiveCampaigns(
  api: ListApi,
  ctx: CliContext,
  nothingDone: string,
): Promise<LiveCampaign[]> {
  try {
    const list = await readLiveList(api, { signal: ctx.signal });
    ctx.output.err(listReadLine(list));
    return redactLiveCampaigns(list.campaigns, api.redact);
  } catch (error) {
    throw interruptedOr(error, ctx, `Interrupted while reading Thulium's list; ${nothingDone}`);
  }
}

/** `Read Thulium's list: 6 campaigns in 1 request.`, for stderr. */
export function listReadLine(list: LiveList): string {
  const skipped =
    list.skipped === 0
      ? ""
      : `; ${plural(list.skipped, "item")} without a usable id skipped (not compared)`;
  return `Read Thulium's list: ${plural(list.campaigns.length, "campaign")} in ${plural(list.requests, "request")}${skipped}.\n`;
}

/** An aborted read after Ctrl-C becomes an InterruptedError; anything else is kept. */
export function interruptedOr(error: unknown, ctx: CliContext, message: string): unknown {
  const aborted = error instanceof ApiError && error.details.kind === "aborted";
  return aborted || ctx.signal.aborted ? new InterruptedError(message) : error;
}
