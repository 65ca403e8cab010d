/**
 * The apply journal, `journal.jsonl` beside the state file: one JSON line per apply.
 * Appended under the apply lock with one write of a whole line to a file opened with
 * O_APPEND, so a reader sees each line whole or not at all; a line torn by a crash is
 * skipped by the reader with a warning, and never stops the next apply from appending.
 */
import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import type { JournalEntry } from "./entry.js";

export const JOURNAL_FILE = "journal.jsonl";

/** The journal for a state file: beside it. */
export function journalFileFor(stateFile: string): string {
  return path.join(path.dirname(stateFile), JOURNAL_FILE);
}

/**
 * Appends one entry. A last line left without its newline (a crash mid-write) gets one
 * first, in the same write, so the torn line stays on its own and this entry stays whole.
 */
export async function appendJournal(file: string, entry: JournalEntry): Promise<void> {
  const flags =
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(file, flags, 0o644);
  try {
    const { size } = await handle.stat();
    let separator = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        await reader.read(last, 0, 1, size - 1);
      } finally {
        await reader.close();
      }
      if (last[0] !== 0x0a) separator = "\n";
    }
    await handle.write(`${separator}${JSON.stringify(entry)}\n`);
  } finally {
    await handle.close();
  }
}

export interface JournalRead {
  entries: JournalEntry[];
  /** Lines that are not an entry (torn by a crash, edited by hand): 1-based line numbers. */
  skipped: number[];
}

/** Every entry, oldest first. A missing journal has none. */
export async function readJournal(file: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], skipped: [] };
    throw error;
  }
  const entries: JournalEntry[] = [];
  const skipped: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const entry = parseEntry(line);
    if (entry === undefined) skipped.push(index + 1);
    else entries.push(entry);
  });
  return { entries, skipped };
}

function parseEntry(line: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(line) as Partial<JournalEntry> | null;
    if (
      value === null ||
      typeof value !== "object" ||
      typeof value.time !== "string" ||
      typeof value.target !== "string" ||
      typeof value.counts !== "object" ||
      value.counts === null ||
      !Array.isArray(value.campaigns)
    ) {
      return undefined;
    }
    return value as JournalEntry;
  } catch {
    return undefined;
  }
}
