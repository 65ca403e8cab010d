/**
 * The journal domain's front module: the apply journal (`journal.jsonl` beside the state
 * file), its entries and where they come from. Code outside `io/journal/` imports only this.
 */
export { type CampaignResult, type JournalEntry, journalEntry } from "./entry.js";
export { appendJournal, journalFileFor, readJournal } from "./journal-file.js";
export { actorFrom, commitFrom } from "./provenance.js";
