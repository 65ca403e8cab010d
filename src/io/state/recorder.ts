/**
 * The batched state writer `apply` records its successes with.
 *
 * Why batch: writing the whole state file and fsyncing it after every campaign makes a
 * first apply of N campaigns cost O(N²) bytes and N fsyncs. Why not a journal: the state
 * file must stay one plain, sorted JSON document that git diffs nicely and `plan` reads
 * without replaying anything.
 *
 * So this is a group commit. `record()` queues an entry and returns a promise; at most one
 * whole-file atomic write is in flight, and every entry recorded while it runs is written
 * together by the next one. Under load each write carries everything that arrived during
 * the previous one, so N campaigns cost O(number of batches) writes and fsyncs, bounded by
 * how fast the disk is rather than by N.
 *
 * Why the state is never ahead of Thulium: apply calls `record()` only after Thulium
 * accepted that campaign's request, and only entries passed to `record()` are ever
 * written. The file may lag behind Thulium by the batch in flight: if the process dies
 * mid-write, those campaigns were applied but not recorded, and the next apply simply
 * sends them again (the same full body, so the result is the same). With a `lag` (see
 * RecorderLag; apply uses one) it may also lag by a bounded number of acknowledged
 * entries for a bounded time, with the same consequence, so that apply's requests never
 * wait for the disk.
 */
import { type AppliedCampaign, STATE_VERSION, type State } from "../../core/state.js";
import { StateError } from "../../errors.js";
import type { FileIdentity } from "../fs/index.js";
import { FileReplacedError, writeFileAtomic } from "../fs/index.js";
import { campaignMember, compareIds, serialiseState } from "./serialise-state.js";
import { checkEntry } from "./shape.js";
import {
  assertSerialCanGrow,
  assertStateWritable,
  assertTarget,
  backupFileFor,
  readStateAgain,
  readStateFile,
  resolveStateFile,
} from "./store.js";
import {
  type FoundThere,
  saveUnrecorded,
  stateReplacedMessage,
  type Unrecorded,
  unrecordedFileFor,
} from "./unrecorded.js";

/**
 * A committed campaign with its serialised bytes, re-used by every later write. The
 * entries the recorder starts from are serialised at its first write, not when it opens:
 * apply opens it just before its first request, and that work can wait for the network.
 */
interface Stored {
  entry: AppliedCampaign;
  member?: Buffer;
}

type Change = { kind: "put"; entry: AppliedCampaign; member: Buffer } | { kind: "forget" };

/** The stored entry's bytes, serialised on first use. */
function storedMember(id: string, stored: Stored): Buffer {
  stored.member ??= campaignMember(id, stored.entry);
  return stored.member;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

type Header = Omit<State, "campaigns">;

/**
 * How far the file may lag behind what `record()` has acknowledged. Without it, each
 * `record()` waits for the write that contains it; a caller that holds a request slot
 * while it waits (apply does) then sends at most one batch per write, so a first apply of
 * 10,000 campaigns costs hundreds of whole-file writes and fsyncs, and the disk, not the
 * network, sets its pace.
 */
export interface RecorderLag {
  /**
   * Acknowledged entries not yet durable (queued or being written) beyond which `record()`
   * waits for the write again, bounding what a crash can leave unrecorded.
   */
  entries: number;
  /** Longest wait, in ms, before queued entries are written when nobody waits for them. */
  ms: number;
}

export interface RecorderOptions {
  /** Default: none; `record()` resolves only once its entry is durable. */
  lag?: RecorderLag;
}

/** Records applied campaigns in the state file, batching concurrent records into one write. */
export class StateRecorder {
  /** The state as last written: what the file on disk says. */
  #header: Header;
  #stored: Map<string, Stored>;
  /** Committed ids in file order; kept sorted so each write only merges the new ones in. */
  #ids: string[];
  #snapshot: State | undefined;

  /** Changes not yet handed to a write, and the callers waiting for them. */
  #pending = new Map<string, Change>();
  #waiters: Waiter[] = [];
  #running = false;
  /** Entries in the write in flight (they count against the lag bound until durable). */
  #inFlight = 0;
  /** Ends the writer's nap early: set while it waits for more entries to join a batch. */
  #wake: (() => void) | undefined;
  /** Set by a failed write; every later call fails with it (see #fail). */
  #failure: StateError | undefined;

  /** The file as last read or written (null: none yet): a write replaces only this one. */
  #identity: FileIdentity | null;
  /** Whether this recorder has written the file at least once. */
  #wrote = false;
  /** Every change made through this recorder, the latest per id: what a replaced file lost. */
  #made = new Map<string, AppliedCampaign | "forget">();
  /** Set once the file was found replaced: where this run's changes are kept instead. */
  #diverted: { unrecorded: Unrecorded; file: Promise<string>; saving: Promise<void> } | undefined;

  private constructor(
    private readonly file: string,
    private readonly target: string,
    initial: State,
    identity: FileIdentity | null,
    private readonly lag: RecorderLag | undefined,
  ) {
    const { campaigns, ...header } = initial;
    this.#identity = identity;
    this.#header = header;
    this.#stored = new Map();
    for (const [id, entry] of Object.entries(campaigns)) {
      this.#stored.set(id, { entry });
    }
    this.#ids = [...this.#stored.keys()].sort(compareIds);
    this.#snapshot = initial;
  }

  /**
   * Starts recording on top of `initial`, the state apply planned from.
   *
   * @param target - the normalised THULIUM_URL (or "sandbox"); written on the first write.
   * @param options - `lag` lets `record()` resolve before its entry is durable (see RecorderLag).
   * @throws StateError if `initial` belongs to another target, if the file no longer
   *   holds `initial` (someone wrote it since it was read: the plan would be stale), if its
   *   serial cannot be raised, or if the file or its backup is not a regular file. All of
   *   these are found before apply sends anything.
   */
  static async open(
    given: string,
    initial: State,
    target: string,
    options: RecorderOptions = {},
  ): Promise<StateRecorder> {
    // Apply passes the resolved path already; resolving again costs an lstat and keeps a
    // symlinked path from looking like a replaced file at the first write.
    const file = await resolveStateFile(given);
    assertTarget(initial, target, file);
    // The file apply read `initial` from, unless it changed: then parsed again, and checked.
    const { state: onDisk, identity } = await readStateAgain(file, initial);
    if (onDisk.lineage !== initial.lineage || onDisk.serial !== initial.serial) {
      throw new StateError(
        file,
        `State file ${file} changed since it was read (serial ${initial.serial}, now ${onDisk.serial}); another process wrote it. Run the command again.`,
      );
    }
    assertSerialCanGrow(file, initial.serial);
    await assertStateWritable(file);
    return new StateRecorder(file, target, initial, identity, options.lag);
  }

  /** The failure that stopped recording, if any: apply starts no request once it is set. */
  get failure(): StateError | undefined {
    return this.#failure;
  }

  /**
   * The state as last durably written (not including records still queued). Treat it as
   * read-only; it is rebuilt lazily after each write.
   */
  get current(): State {
    this.#snapshot ??= {
      ...this.#header,
      campaigns: Object.fromEntries(this.#ids.map((id) => [id, this.#storedEntry(id)])),
    };
    return this.#snapshot;
  }

  /**
   * Records that Thulium accepted `applied` for campaign `id`. Call it only after Thulium
   * answered with success. Resolves once the state file durably contains it, or, with a
   * `lag`, once it is queued while the lag bound allows; then a failed write is reported
   * by every later call and by `flush()`, and the file is still never ahead of Thulium.
   */
  record(id: string, applied: AppliedCampaign): Promise<void> {
    const problems = checkEntry(id, applied);
    if (problems.length > 0) {
      return Promise.reject(new TypeError(`Cannot record campaign ${id}: ${problems.join("; ")}`));
    }
    // A copy: later changes by the caller must not alter what `current` reports.
    const entry = structuredClone(applied);
    return this.#enqueue(id, { kind: "put", entry, member: campaignMember(id, entry) });
  }

  /** Drops campaign `id` from the state (forgotten or deactivated). Resolves once written. */
  forget(id: string): Promise<void> {
    return this.#enqueue(id, { kind: "forget" });
  }

  /**
   * Resolves once everything recorded or forgotten before this call is durably written.
   * After the file was found replaced, waits until this run's changes are saved beside
   * it, then rejects with the error that says where.
   */
  async flush(): Promise<void> {
    if (this.#diverted !== undefined) await this.#diverted.saving;
    if (this.#failure !== undefined) throw this.#failure;
    if (!this.#running) return;
    return this.#waitForNextWrite();
  }

  #enqueue(id: string, change: Change): Promise<void> {
    const made = change.kind === "put" ? change.entry : "forget";
    if (this.#failure !== undefined) {
      if (this.#diverted !== undefined) {
        // Thulium accepted this change after the file was found replaced (its request was
        // already in flight): keep it with the rest of this run's changes.
        this.#made.set(id, made);
        this.#saveDiverted();
      }
      return this.#rejectWithFailure();
    }
    this.#made.set(id, made);
    this.#pending.set(id, change); // a later change to the same id replaces an earlier one
    if (this.lag !== undefined && this.#pending.size + this.#inFlight <= this.lag.entries) {
      this.#startWriter();
      return Promise.resolve();
    }
    return this.#waitForNextWrite();
  }

  #waitForNextWrite(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#wake?.(); // someone is waiting: write now rather than gather more
    this.#startWriter();
    return done;
  }

  #startWriter(): void {
    if (!this.#running) {
      this.#running = true;
      void this.#drain();
    }
  }

  /** With a lag, waits up to `ms` for more entries to join the batch, unless woken. */
  #nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  /** The single writer loop: one batch at a time, until nothing is pending. */
  async #drain(): Promise<void> {
    for (;;) {
      // Let records completing in the same turn of the event loop join this batch.
      await new Promise((resolve) => setImmediate(resolve));
      // Nobody waits for these entries yet: let more gather, so writes stay few.
      if (this.lag !== undefined && this.#waiters.length === 0 && this.#pending.size > 0) {
        await this.#nap(this.lag.ms);
      }
      // Checked and cleared in one synchronous step, so no enqueue can slip between.
      if (this.#pending.size === 0 && this.#waiters.length === 0) {
        this.#running = false;
        return;
      }
      const batch = this.#pending;
      const waiters = this.#waiters;
      this.#pending = new Map();
      this.#waiters = [];
      this.#inFlight = batch.size;
      try {
        await this.#commit(batch);
      } catch (error) {
        this.#fail(error, waiters);
        return;
      } finally {
        this.#inFlight = 0;
      }
      for (const waiter of waiters) waiter.resolve();
    }
  }

  /** Writes committed state + `batch` as one atomic file version, then adopts it. */
  async #commit(batch: Map<string, Change>): Promise<void> {
    const added: string[] = [];
    const removed = new Set<string>();
    // The target alone is no reason to write: it is set by the first write that records something.
    let changed = false;
    for (const [id, change] of batch) {
      const old = this.#stored.get(id);
      if (change.kind === "forget") {
        if (old !== undefined) removed.add(id);
      } else if (old === undefined) {
        added.push(id);
      } else if (!storedMember(id, old).equals(change.member)) {
        changed = true;
      }
    }
    if (!changed && added.length === 0 && removed.size === 0) return; // nothing new to say

    const ids =
      added.length === 0 && removed.size === 0
        ? this.#ids
        : // TimSort merges the two sorted runs in near-linear time.
          [...this.#ids.filter((id) => !removed.has(id)), ...added.sort(compareIds)].sort(
            compareIds,
          );
    const header: Header = {
      version: STATE_VERSION,
      lineage: this.#header.lineage ?? crypto.randomUUID(), // Web Crypto: see store.ts
      serial: this.#header.serial + 1,
      target: this.target,
    };
    const memberOf = (id: string): Buffer => {
      const change = batch.get(id);
      if (change?.kind === "put") return change.member;
      const stored = this.#stored.get(id);
      if (stored === undefined) throw new Error(`bug: state recorder lost campaign ${id}`);
      return storedMember(id, stored);
    };
    const bytes = serialiseState(header, ids.map(memberOf));
    const write = () =>
      writeFileAtomic(this.file, bytes, {
        backupFile: backupFileFor(this.file),
        replaces: this.#identity,
      });
    try {
      this.#identity = await write();
    } catch (error) {
      // Touched, or copied back unchanged: still this run's version, so carry on.
      if (!(error instanceof FileReplacedError) || !(await this.#stillOurs())) throw error;
      this.#identity = await write();
    }
    this.#wrote = true;

    // Durable: only now does the recorder's view move forward.
    for (const [id, change] of batch) {
      if (change.kind === "put")
        this.#stored.set(id, { entry: change.entry, member: change.member });
      else this.#stored.delete(id);
    }
    this.#ids = ids;
    this.#header = header;
    this.#snapshot = undefined;
  }

  #storedEntry(id: string): AppliedCampaign {
    const stored = this.#stored.get(id);
    if (stored === undefined) throw new Error(`bug: state recorder lost campaign ${id}`);
    return stored.entry;
  }

  /**
   * A failed write (disk full, permissions) fails its batch and everything after it: an
   * apply that cannot record must stop changing Thulium, and the entries not written are
   * exactly those a rerun will send again.
   */
  #fail(error: unknown, waiters: Waiter[]): void {
    if (error instanceof FileReplacedError) {
      this.#failure = this.#divert();
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      this.#failure = new StateError(
        this.file,
        `Could not write state file ${this.file}: ${reason}. It still holds serial ${this.#header.serial}; campaigns applied after that are not recorded in it, and the next apply sends them again.`,
      );
    }
    this.#failure.cause = error;
    const all = [...waiters, ...this.#waiters];
    this.#pending.clear();
    this.#waiters = [];
    this.#running = false;
    const failed = this.#rejectWithFailure();
    failed.catch(() => {}); // observed through the waiters below
    for (const waiter of all) failed.catch((failure: unknown) => waiter.reject(failure));
  }

  /**
   * Rejects with the failure, once the unrecorded file (if any) holds everything so far:
   * whoever sees the error then reads a message that names that file.
   */
  #rejectWithFailure(): Promise<never> {
    const failure = this.#failure;
    const saved = this.#diverted?.saving ?? Promise.resolve();
    return saved.then(() => Promise.reject(failure));
  }

  /** Whether the file now there still holds the version this run last wrote (or read). */
  async #stillOurs(): Promise<boolean> {
    if (this.#header.lineage === null) return false; // we wrote nothing: any file is foreign
    try {
      const { state, identity } = await readStateFile(this.file);
      if (state.lineage !== this.#header.lineage || state.serial !== this.#header.serial)
        return false;
      this.#identity = identity;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The state file was replaced by someone else: leave it alone, and keep this run's
   * changes in a file beside it instead. Returns the error apply stops with; its message
   * names that file once it is written.
   */
  #divert(): StateError {
    const unrecorded: Unrecorded = {
      stateFile: this.file,
      target: this.target,
      ours: { lineage: this.#header.lineage, serial: this.#header.serial },
      wroteOurs: this.#wrote,
      found: { kind: "unreadable" },
      applied: this.#made,
    };
    // The message is redone once the unrecorded file is written (see #saveDiverted).
    const failure = new StateError(this.file, stateReplacedMessage(unrecorded, { failure: "" }));
    const file = unrecordedFileFor(this.file, new Date());
    this.#diverted = { unrecorded, file, saving: Promise.resolve() };
    this.#diverted.saving = whatIsThere(this.file).then((found) => {
      unrecorded.found = found;
    });
    this.#saveDiverted(failure);
    return failure;
  }

  /** (Re)writes the unrecorded file with every change so far, one write after another. */
  #saveDiverted(failure: StateError | undefined = this.#failure): void {
    const diverted = this.#diverted;
    if (diverted === undefined || failure === undefined) return;
    diverted.saving = diverted.saving.then(async () => {
      let saved: { file: string } | { failure: string };
      try {
        const file = await diverted.file;
        await saveUnrecorded(file, diverted.unrecorded);
        saved = { file };
      } catch (error) {
        saved = { failure: error instanceof Error ? error.message : String(error) };
      }
      failure.message = stateReplacedMessage(diverted.unrecorded, saved);
    });
  }
}

/** What a replaced state file holds now, for the message. */
async function whatIsThere(file: string): Promise<FoundThere> {
  try {
    const { state, identity } = await readStateFile(file);
    if (identity === null) return { kind: "gone" };
    return { kind: "state", version: { lineage: state.lineage, serial: state.serial } };
  } catch {
    return { kind: "unreadable" };
  }
}
