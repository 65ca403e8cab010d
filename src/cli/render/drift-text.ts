/**
 * `drift --format text`: one block per managed campaign that differs (`~`, each field as
 * last applied → in Thulium) or is missing from Thulium (`-`), then what was not compared
 * or not managed, then the summary line saying how much was compared.
 */
import type { DriftedCampaign } from "../../core/drift.js";
import type { DriftResult } from "../../use-cases/drift.js";
import type { Output } from "../output.js";
import {
  agentsDriftLines,
  agentsUnreadableLine,
  diallingLabel,
  driftSummary,
  driftValue,
  notVisibleLine,
  statsLine,
  unmanagedLine,
  unreadableLine,
} from "./drift-describe.js";
import { escapeText } from "./escape.js";

/** Names, sources, values and messages are untrusted text: shown escaped (see escape.ts). */
const printable = escapeText;

/** What the text view names besides the result: the state file and a next-step hint. */
export interface DriftTextContext {
  /** The state file as messages show it. */
  stateFile: string;
  /** The command that shows how to restore the declarations (`plan --refresh …`). */
  planHint: string;
}

export function renderDriftText(
  result: DriftResult,
  output: Output,
  context: DriftTextContext,
): string {
  const blocks = [
    ...result.drift.drifted.map((campaign) => driftedBlock(campaign, result, output)),
    ...result.drift.missing_in_thulium.map((id) => missingBlock(id, context, output)),
  ];
  const notes = [
    unmanagedLine(result),
    notVisibleLine(result),
    unreadableLine(result),
    agentsUnreadableLine(result),
  ]
    .filter((line) => line !== null)
    .map((line) => output.paint("dim", printable(line)));
  const stats = statsLine(result);
  if (stats !== null) notes.push(output.paint("yellow", printable(stats)));
  const summary = driftSummary(result);
  const blocksText = blocks.length === 0 ? "" : `${blocks.join("\n")}\n`;
  const notesText = notes.length === 0 ? "" : `${notes.join("\n")}\n`;
  const style = blocks.length === 0 ? "green" : "bold";
  const hint =
    blocks.length === 0
      ? ""
      : `${output.paint("dim", `To see what a refresh would restore: ${context.planHint}`)}\n`;
  return `${blocksText}${notesText}${output.paint(style, summary)}\n${hint}`;
}

function driftedBlock(campaign: DriftedCampaign, result: DriftResult, output: Output): string {
  const name = campaign.name === undefined ? "" : ` ${JSON.stringify(campaign.name)}`;
  const dialling = diallingLabel(result, campaign.id);
  const now = dialling === null ? "" : `, dialling now: ${dialling}`;
  const header = `${output.paint("yellow", `~ ${campaign.id}`)}${printable(`${name} (${campaign.source})`)}${now}`;
  const lines = [
    ...campaign.fields.map(
      (field) =>
        `    ${printable(`${field.path}: ${driftValue(field.applied)} → ${driftValue(field.live)} in Thulium`)}`,
    ),
    ...agentsDriftLines(campaign).map((line) => `    ${printable(line)}`),
  ];
  return `${[header, ...lines].join("\n")}\n`;
}

function missingBlock(id: string, context: DriftTextContext, output: Output): string {
  return `${output.paint("red", `- ${id}`)} ${output.paint("dim", `(in the state file ${printable(context.stateFile)}, missing from Thulium's list: deleted in Thulium, or hidden from this API user)`)}\n`;
}
