/**
 * The sandbox's data file. Writes are atomic (io/fs writeFileAtomic: temporary file, fsync,
 * rename: a reader or a crash sees the old file or the new one, never half of each) and coalesced: a burst of
 * thousands of PUTs becomes a handful of writes, so the disk never paces the server.
 */
import { open, rm } from "node:fs/promises";
import path from "node:path";
import { isPlainObject } from "../core/normalise.js";
import { UsageError } from "../errors.js";
import {
  followFileLinks,
  makeFolder,
  NotRegularFileError,
  readRegularFile,
  tempNameFor,
  whyWriteFailed,
  writeFileAtomic,
} from "../io/fs/index.js";
import { firstProblem, shownPath } from "../schema/file-problems.js";
import { SANDBOX_DATA_SCHEMA_URL, sandboxDataSchemaErrors } from "../schema/sandbox-data-schema.js";
import type { AgentData, RosterAgent } from "./agents.js";
import type { StoredCampaign } from "./types.js";

/** What the data file holds (`agents`, the roster, and `members` are optional). */
export interface SandboxData extends AgentData {
  version: 1;
  campaigns: StoredCampaign[];
}

/** The campaigns of a data file (see loadSandboxData). */
export async function loadData(
  file: string,
  options: { readOnly?: boolean } = {},
): Promise<StoredCampaign[]> {
  return (await loadSandboxData(file, options)).campaigns;
}

/**
 * Read the data file; a missing file is an empty sandbox, a corrupt one an error. Also
 * makes sure the file can be written, so that a sandbox that could never save what it is
 * sent says so at start, not when it stops.
 *
 * `readOnly` (doctor) skips that probe: the probe creates the folder, and a read-only
 * command must leave the workspace as it found it.
 *
 * @throws UsageError naming the file and the fix: not a regular file, unreadable,
 *   unwritable, not JSON, not sandbox data.
 */
export async function loadSandboxData(
  file: string,
  options: { readOnly?: boolean } = {},
): Promise<{ campaigns: StoredCampaign[]; agents: AgentData }> {
  let text: string;
  try {
    text = (await readRegularFile(file)).bytes.toString("utf8");
  } catch (error) {
    if (error instanceof NotRegularFileError) throw notAFile(file, error);
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new UsageError(
        `Cannot read the sandbox data file ${file}: ${whyWriteFailed(error)}. ${DATA_FIX}`,
      );
    }
    if (options.readOnly !== true) await probeWritable(file);
    return { campaigns: [], agents: {} };
  }
  if (options.readOnly !== true) await probeWritable(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Sandbox data file ${file} is not valid JSON (${(error as Error).message}); delete it to start afresh.`,
    );
  }
  if (!isPlainObject(data) || data.version !== 1)
    throw new UsageError(`Sandbox data file ${file} is not a sandbox data file (version 1).`);
  checkDataShape(data, file);
  const checked = data as unknown as SandboxData;
  return { campaigns: checked.campaigns, agents: agentData(checked) };
}

/**
 * The data file's shape: schemas/sandbox-data.schema.json decides (compiled at build time);
 * by hand only what ties members together: each campaign id once.
 * @throws UsageError naming the file, the field and what it must be.
 */
function checkDataShape(data: Record<string, unknown>, file: string): void {
  const problem = firstProblem(
    sandboxDataSchemaErrors(data),
    data,
    SANDBOX_DATA_SCHEMA_URL,
    "is not a known field",
  );
  if (problem !== undefined) throw dataProblem(file, problem.path, problem.problem);
  const seen = new Set<string>();
  for (const [index, campaign] of (data.campaigns as StoredCampaign[]).entries()) {
    if (seen.has(campaign.id))
      throw dataProblem(file, ["campaigns", index, "id"], `repeats ${campaign.id}`);
    seen.add(campaign.id);
  }
}

/** One problem with the data file, worded for the part of it that is wrong. */
function dataProblem(file: string, at: (string | number)[], problem: string): UsageError {
  const [top, index, member] = at;
  if (top === "agents" || top === "members") {
    // The roster and members are the part of the file people write by hand (README).
    const what =
      top === "agents"
        ? at.length === 1
          ? '"agents" is not a list'
          : member === "login" || member === undefined
            ? `agents[${index}] has no "login" text`
            : `${shownPath(at)} ${problem}`
        : at.length === 1
          ? '"members" is not an object'
          : `members[${JSON.stringify(index)}] is not a list of logins`;
    return new UsageError(
      `Sandbox data file ${file}: ${what}. "agents" is the roster, a list of {"login": "anowak", "number": "3101"}; "members" maps campaign ids to lists of logins, e.g. {"00001": ["anowak"]}.`,
    );
  }
  return new UsageError(
    `Sandbox data file ${file}: ${shownPath(at)} ${problem}. Correct it, or delete the file to start afresh.`,
  );
}

/**
 * The data file's `agents` (the roster: `[{"login": "anowak", "number": "3101"}, …]`, the
 * other keys defaulted) and `members` (`{"00001": ["anowak"]}`), already checked.
 */
function agentData(data: SandboxData): AgentData {
  const result: AgentData = {};
  if (data.agents !== undefined) {
    result.agents = data.agents.map(
      (agent: Partial<RosterAgent> & { login: string }, index): RosterAgent => ({
        login: agent.login,
        number: agent.number ?? String(3101 + index),
        active: agent.active ?? true,
        agent_id: agent.agent_id ?? 11 + index,
      }),
    );
  }
  if (data.members !== undefined) result.members = data.members;
  return result;
}

const DATA_FIX =
  "Give sandbox --data a file in a folder you can write to (with apply --sandbox, the data lives in .thulium/sandbox/ under the current folder, which must be writable).";

function notAFile(file: string, error: NotRegularFileError): UsageError {
  return new UsageError(
    `The sandbox data file ${file} is ${error.kind}, not a regular file, and is left as it is. ${DATA_FIX}`,
  );
}

function cannotWrite(file: string, error: unknown): UsageError {
  if (error instanceof NotRegularFileError) return notAFile(file, error);
  return new UsageError(
    `Cannot write the sandbox data file ${file}: ${whyWriteFailed(error)}. ${DATA_FIX}`,
  );
}

/** Creates the data file's folder and a temp file in it (removed at once), or says why not. */
async function probeWritable(file: string): Promise<void> {
  let probe: string | undefined;
  try {
    const target = await followFileLinks(file);
    probe = tempNameFor(target);
    await makeFolder(path.dirname(target));
    await (await open(probe, "w")).close();
  } catch (error) {
    throw cannotWrite(file, error);
  }
  await rm(probe, { force: true });
}

/**
 * Write `text` to `file` atomically. Never renames over anything but a regular file.
 * @throws UsageError naming the file and why it cannot be written.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  try {
    // A symbolic link is followed, so the file it points at is replaced and the link kept.
    await writeFileAtomic(await followFileLinks(file), text);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/**
 * Coalesces "the data changed" signals into atomic writes: at most one write in flight,
 * the next one `delayMs` after the first change that follows it. `flush` writes now.
 */
export class CoalescingWriter {
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  /** The last write failure, reported by the next flush (a background write has no caller). */
  #failure: unknown;

  /** The wait before the next write; grows with the cost of a write (see #write). */
  #delayMs: number;

  constructor(
    private readonly file: string,
    private readonly serialise: () => string,
    private readonly minDelayMs = 100,
  ) {
    this.#delayMs = minDelayMs;
  }

  /** Note a change; a write follows soon. */
  markDirty(): void {
    this.#dirty = true;
    this.#schedule();
  }

  /** Write any pending change now and wait for it; throws the last write failure. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined || this.#dirty) {
      await (this.#writing ?? this.#write());
    }
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#writing !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#write();
    }, this.#delayMs);
  }

  #write(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing !== undefined) return this.#writing;
    this.#dirty = false;
    const started = performance.now();
    const text = this.serialise();
    // Serialising blocks the event loop; wait 20× as long before the next one, so writing
    // never takes more than ~5% of the server's time, however large the data grows.
    this.#delayMs = Math.max(this.minDelayMs, 20 * (performance.now() - started));
    this.#writing = writeAtomic(this.file, text)
      .catch((error: unknown) => {
        this.#failure = error;
      })
      .finally(() => {
        this.#writing = undefined;
        // Changes made while writing get their own write.
        if (this.#dirty) this.#schedule();
      });
    return this.#writing;
  }
}
