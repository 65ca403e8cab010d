/**
 * The state file's own shape check, written by hand: the file is small, its shape is
 * fixed, and every problem must be named precisely so a hand-edit can be fixed (or the
 * file restored) without guessing.
 */
import { STATE_VERSION } from "../../core/state.js";

/** Thulium campaign ids: five digits, zero-padded, always a string. */
export const CAMPAIGN_ID = /^[0-9]{5}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOP_LEVEL_KEYS = new Set(["version", "lineage", "serial", "target", "campaigns"]);
const ENTRY_KEYS = new Set(["fields", "source", "agents", "agents_policy"]);

/** What is wrong with a parsed state document. */
export interface ShapeReport {
  /** Set when `version` is missing or not one this tool reads; checked before anything else. */
  versionProblem?: string;
  /** Every other problem, each as "where: what". Empty when the document is a valid state. */
  problems: string[];
}

/** Checks a parsed state document; reports every problem found, not just the first. */
export function checkStateShape(value: unknown): ShapeReport {
  if (!isPlainObject(value)) {
    return { problems: [`the top level must be a JSON object, not ${describe(value)}`] };
  }
  const versionProblem = checkVersion(value.version);
  // A different version may legitimately have a different shape: do not list its "errors".
  if (versionProblem !== undefined) return { versionProblem, problems: [] };

  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`unexpected key ${JSON.stringify(key)}`);
  }
  if (typeof value.lineage !== "string" || !UUID.test(value.lineage)) {
    problems.push(expected(`"lineage"`, "a UUID string", value.lineage));
  }
  if (!Number.isSafeInteger(value.serial) || (value.serial as number) < 0) {
    problems.push(expected(`"serial"`, "a non-negative whole number", value.serial));
  }
  if (value.target !== null && typeof value.target !== "string") {
    problems.push(expected(`"target"`, "a URL string or null", value.target));
  }
  if (!isPlainObject(value.campaigns)) {
    problems.push(expected(`"campaigns"`, "an object keyed by campaign id", value.campaigns));
  } else {
    for (const [id, entry] of Object.entries(value.campaigns)) {
      problems.push(...checkEntry(id, entry));
    }
  }
  return { problems };
}

/** Problems with one `campaigns[id]` entry; exported for the recorder's own checks. */
export function checkEntry(id: string, entry: unknown): string[] {
  const where = `campaigns[${JSON.stringify(id)}]`;
  const problems: string[] = [];
  if (!CAMPAIGN_ID.test(id)) {
    problems.push(`${where}: a campaign id must be five digits as a string, e.g. "00042"`);
  }
  if (!isPlainObject(entry)) {
    return [...problems, expected(where, 'an object with "fields" and "source"', entry)];
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) problems.push(`${where}: unexpected key ${JSON.stringify(key)}`);
  }
  if (!isPlainObject(entry.fields)) {
    problems.push(expected(`${where}.fields`, "an object of applied fields", entry.fields));
  }
  if (typeof entry.source !== "string") {
    problems.push(expected(`${where}.source`, "the campaign file's path (a string)", entry.source));
  }
  problems.push(...checkAgents(where, entry));
  return problems;
}

/** `agents` (a list of distinct login texts) and `agents_policy` ("exact", only beside agents). */
function checkAgents(where: string, entry: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { agents, agents_policy: policy } = entry;
  if (agents !== undefined) {
    if (!Array.isArray(agents)) {
      problems.push(expected(`${where}.agents`, "a list of agent logins", agents));
    } else {
      const seen = new Set<string>();
      agents.forEach((login: unknown, index) => {
        if (typeof login !== "string" || login === "") {
          problems.push(expected(`${where}.agents[${index}]`, "an agent login (text)", login));
        } else if (seen.has(login)) {
          problems.push(`${where}.agents[${index}]: ${JSON.stringify(login)} is listed twice`);
        } else seen.add(login);
      });
    }
  }
  if (policy !== undefined) {
    if (policy !== "exact" && policy !== "owned")
      problems.push(expected(`${where}.agents_policy`, '"exact" or "owned"', policy));
    else if (agents === undefined) problems.push(`${where}.agents_policy is set without "agents"`);
  }
  return problems;
}

function checkVersion(version: unknown): string | undefined {
  if (version === STATE_VERSION) return undefined;
  if (version === undefined) return `"version" is missing (expected ${STATE_VERSION})`;
  if (typeof version === "number") {
    return `"version" is ${version}, but this thulium-campaigns reads only version ${STATE_VERSION} (a newer release may have written it: upgrade thulium-campaigns)`;
  }
  return expected(`"version"`, `the number ${STATE_VERSION}`, version);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** "X must be Y, not Z", or "X is missing (must be Y)". */
function expected(where: string, what: string, actual: unknown): string {
  if (actual === undefined) return `${where} is missing (must be ${what})`;
  return `${where} must be ${what}, not ${describe(actual)}`;
}

/** A short description of a value for messages; long values are cut. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const text = String(JSON.stringify(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
