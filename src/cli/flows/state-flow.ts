/**
 * The `state` subcommands' work, loaded only when one runs. They read (and `rm` rewrites)
 * the last-applied state file; none of them contacts Thulium.
 */

import { isCampaignId } from "../../core/campaign-id.js";
import { declarationYaml, STATE_SHOW_LAYOUT } from "../../core/declaration-yaml.js";
import type { AppliedCampaign, State } from "../../core/state.js";
import { UsageError } from "../../errors.js";
import { displayPath } from "../../io/fs/index.js";
import {
  readState,
  readStateFile,
  resolveStateFile,
  withLock,
  writeState,
} from "../../io/state/index.js";
import type { StateArgs, StateListArgs, StateRmArgs, StateShowArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../durations.js";
import { escapeSerialised, escapeText } from "../render/escape.js";
import { renderStateList, renderStateListJson } from "../render/state-list.js";
import { chooseTarget } from "../target.js";

/** The state file these arguments name, absolute and as shown to the user. */
function stateFileOf(args: StateArgs, ctx: CliContext): { file: string; shown: string } {
  // The state commands never contact Thulium, so THULIUM_URL plays no part (and a
  // malformed one must not stop a user from inspecting the state).
  const { stateFile } = chooseTarget(args, {}, ctx.cwd);
  return { file: stateFile, shown: displayPath(stateFile, ctx.cwd) };
}

/** `state list`: one line per managed campaign, or JSON. */
export async function runStateList(args: StateListArgs, ctx: CliContext): Promise<void> {
  const { file, shown } = stateFileOf(args, ctx);
  const state = await readState(file);
  ctx.output.out(
    args.format === "json"
      ? renderStateListJson(state, shown)
      : renderStateList(state, shown, ctx.output),
  );
}

/** `state show ID`: the fields last applied for one campaign, as YAML or JSON. */
export async function runStateShow(args: StateShowArgs, ctx: CliContext): Promise<void> {
  const { file, shown } = stateFileOf(args, ctx);
  const applied = findCampaign(await readState(file), args.id, shown);
  if (args.format === "json") {
    const body = { id: args.id, source: applied.source, fields: applied.fields };
    ctx.output.out(`${escapeSerialised(JSON.stringify(body, null, 2))}\n`);
    return;
  }
  // Printed as a campaign declaration (id first, fields in the usual order), so it can be
  // compared with the campaign file, or pasted into one to take the campaign back.
  ctx.output.out(
    `# Last applied from ${escapeText(applied.source)} (state file ${escapeText(shown)})\n`,
  );
  const agents =
    applied.agents === undefined
      ? undefined
      : { logins: applied.agents, policy: applied.agents_policy ?? ("owned" as const) };
  ctx.output.out(declarationYaml(args.id, applied.fields, STATE_SHOW_LAYOUT, agents));
}

/**
 * `state rm ID`: drop one campaign from the state file under the apply lock, so it is
 * no longer managed. Nothing is sent to Thulium.
 */
export async function runStateRm(args: StateRmArgs, ctx: CliContext): Promise<void> {
  const { file: given, shown } = stateFileOf(args, ctx);
  const timeoutMs = parseDuration(args["lock-timeout"], "--lock-timeout");
  // Locked, read and written at one path: a symlinked state file's real one.
  const file = await resolveStateFile(given);
  // The lock keeps an apply from recording campaigns while we rewrite the file; the
  // state is read under it so that nothing recorded meanwhile is lost.
  const { applied, written } = await withLock(
    file,
    { timeoutMs, command: "state rm", signal: ctx.signal },
    async () => {
      const { state, identity } = await readStateFile(file);
      const applied = findCampaign(state, args.id, shown);
      const { [args.id]: _removed, ...campaigns } = state.campaigns;
      const written = await writeState(file, { ...state, campaigns }, { replaces: identity });
      return { applied, written };
    },
  );
  const name =
    applied.fields.name === undefined ? "" : ` ${escapeText(JSON.stringify(applied.fields.name))}`;
  ctx.output.out(
    `Removed ${escapeText(args.id)}${name} from ${escapeText(shown)} (serial ${written.serial - 1} → ${written.serial}). Nothing was sent to Thulium, which keeps the campaign as it is.\n` +
      `If ${escapeText(applied.source)} still declares ${args.id}, remove it there too: otherwise the next plan shows it as a first apply and apply sends it again.\n`,
  );
}

function findCampaign(state: State, id: string, shown: string): AppliedCampaign {
  const applied = Object.hasOwn(state.campaigns, id) ? state.campaigns[id] : undefined;
  if (applied !== undefined) return applied;
  const hint = isCampaignId(id) ? "" : " Campaign ids are five digits, e.g. 00001.";
  throw new UsageError(
    `Campaign ${JSON.stringify(id)} is not in the state file ${shown}.${hint} \`thulium-campaigns state list\` shows the campaigns it holds.`,
  );
}
