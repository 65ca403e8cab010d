/** `journal` as text: one line per apply, oldest first, newest last (as a log reads). */
import type { JournalEntry } from "../../io/journal/index.js";
import { escapeText } from "./escape.js";

export function renderJournalText(entries: readonly JournalEntry[]): string {
  return entries.map((entry) => `${escapeText(journalLine(entry))}\n`).join("");
}

function journalLine(entry: JournalEntry): string {
  const time = `${entry.time.slice(0, 10)} ${entry.time.slice(11, 16)} UTC`;
  const commit = entry.commit === null ? "no commit" : entry.commit.slice(0, 12);
  const c = entry.counts;
  const done = [
    `${c.applied} applied`,
    ...(c.failed > 0 ? [`${c.failed} failed`] : []),
    ...(c.not_started > 0 ? [`${c.not_started} not started`] : []),
  ].join(", ");
  const planned = c.update + c.deactivate + c.forget;
  const plan =
    planned === 0
      ? "no changes"
      : `${c.update} update, ${c.deactivate} deactivate, ${c.forget} forget`;
  const forced = entry.force === true ? " --force" : "";
  const reason = entry.reason === undefined ? "" : ` reason: ${JSON.stringify(entry.reason)}`;
  const interrupted = entry.interrupted ? " (interrupted)" : "";
  return `${time}  ${entry.actor ?? "unknown"}  ${commit}  ${entry.target}  ${plan}: ${done}${interrupted}${forced}${reason}`;
}
