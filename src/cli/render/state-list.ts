/** `state list`: the managed campaigns as an aligned table, or as JSON for scripts. */
import type { State } from "../../core/state.js";
import type { Output } from "../output.js";
import { escapeSerialised, escapeText } from "./escape.js";

/** One row per campaign, sorted by id, then a line naming the file, serial and target. */
export function renderStateList(state: State, stateFile: string, output: Output): string {
  // Names, sources, the target and the file's own name are untrusted text: escaped.
  const shownFile = escapeText(stateFile);
  const ids = Object.keys(state.campaigns).sort();
  if (ids.length === 0) {
    return state.serial === 0
      ? `No campaigns in ${shownFile}: nothing has been applied with it yet.\n`
      : `No campaigns in ${shownFile} (serial ${state.serial}): none is managed now.\n`;
  }
  const rows = ids.map((id) => {
    const applied = state.campaigns[id];
    return [id, escapeText(applied?.fields.name ?? ""), escapeText(applied?.source ?? "")] as const;
  });
  const header = ["ID", "NAME", "SOURCE"] as const;
  // Widths in code points, so Polish letters don't misalign the columns.
  const width = (text: string) => [...text].length;
  const nameWidth = Math.max(width(header[1]), ...rows.map((row) => width(row[1])));
  const line = (cells: readonly [string, string, string]) =>
    `${cells[0].padEnd(5)}  ${cells[1]}${" ".repeat(nameWidth - width(cells[1]))}  ${cells[2]}`.trimEnd();
  const plural = ids.length === 1 ? "" : "s";
  const target = state.target === null ? "" : `, target ${escapeText(state.target)}`;
  return `${output.paint("bold", line(header))}\n${rows.map((row) => `${line(row)}\n`).join("")}${ids.length} campaign${plural} in ${shownFile} (serial ${state.serial}${target}).\n`;
}

/** The JSON shape of `state list --format json`; `name` is null when none is declared. */
export function renderStateListJson(state: State, shownFile: string): string {
  const campaigns = Object.keys(state.campaigns)
    .sort()
    .map((id) => {
      const applied = state.campaigns[id];
      return { id, name: applied?.fields.name ?? null, source: applied?.source ?? null };
    });
  const body = {
    state_file: shownFile,
    lineage: state.lineage,
    serial: state.serial,
    target: state.target,
    campaigns,
  };
  return `${escapeSerialised(JSON.stringify(body, null, 2))}\n`;
}
