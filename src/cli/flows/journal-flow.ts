/** The `journal` command's work: read the journal beside the state file, show the latest. */
import { UsageError } from "../../errors.js";
import { journalFileFor, readJournal } from "../../io/journal/index.js";
import { resolveStateFile } from "../../io/state/index.js";
import type { JournalArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { escapeSerialised, escapeText } from "../render/escape.js";
import { renderJournalText } from "../render/journal-text.js";
import { chooseTarget } from "../target.js";

export async function runJournal(args: JournalArgs, ctx: CliContext): Promise<void> {
  if (!Number.isInteger(args.n) || args.n < 1) {
    throw new UsageError(`-n must be a whole number of at least 1, not ${args.n}.`);
  }
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const file = journalFileFor(await resolveStateFile(choice.stateFile));
  const { entries, skipped } = await readJournal(file);
  for (const line of skipped) {
    ctx.output.err(
      `Warning: ${escapeText(file)}:${line} is not a journal entry (torn by a crash, or edited); skipped.\n`,
    );
  }
  const latest = entries.slice(-args.n);
  if (args.format === "json") {
    ctx.output.out(`${escapeSerialised(JSON.stringify(latest, null, 2))}\n`);
    return;
  }
  if (latest.length === 0) {
    ctx.output.out(`No applies recorded yet in ${escapeText(file)}.\n`);
    return;
  }
  ctx.output.out(renderJournalText(latest));
}
