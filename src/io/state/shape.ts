/**
 * The state file's shape check: schemas/state.schema.json (which also documents the format
 * for users) decides, through ajv; this module names each problem precisely, in the words
 * and order a person fixing a hand-edit needs. By hand only what the schema cannot say: the
 * version gate (a file of another version is not listed as a heap of shape errors).
 */
import type { ErrorObject } from "ajv";
import { isCampaignId } from "../../core/campaign-id.js";
import { STATE_VERSION } from "../../core/state.js";
import { stateCampaignSchemaErrors, stateSchemaErrors } from "../../schema/file-schemas.js";

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

  const errors = stateSchemaErrors(value);
  if (errors.length === 0) return { problems: [] };
  const problems: string[] = [];
  for (const key of unexpectedKeys(errors, "", value)) {
    problems.push(`unexpected key ${JSON.stringify(key)}`);
  }
  if (failedAt(errors, "", "lineage")) {
    problems.push(expected(`"lineage"`, "a UUID string", value.lineage));
  }
  if (failedAt(errors, "", "serial")) {
    problems.push(expected(`"serial"`, "a non-negative whole number", value.serial));
  }
  if (failedAt(errors, "", "target")) {
    problems.push(expected(`"target"`, "a URL string or null", value.target));
  }
  if (failedAt(errors, "", "campaigns") || !isPlainObject(value.campaigns)) {
    problems.push(expected(`"campaigns"`, "an object keyed by campaign id", value.campaigns));
  } else {
    for (const [id, entry] of Object.entries(value.campaigns)) {
      const prefix = `/campaigns/${pointerToken(id)}`;
      const own = errors
        .filter(
          (error) => error.instancePath === prefix || error.instancePath.startsWith(`${prefix}/`),
        )
        .map((error) => ({ ...error, instancePath: error.instancePath.slice(prefix.length) }));
      const badId = errors.some(
        (error) => error.keyword === "propertyNames" && error.params.propertyName === id,
      );
      problems.push(...entryProblems(id, entry, own, badId));
    }
  }
  return { problems };
}

/** Problems with one `campaigns[id]` entry; exported for the recorder's own checks. */
export function checkEntry(id: string, entry: unknown): string[] {
  return entryProblems(id, entry, stateCampaignSchemaErrors(entry), !isCampaignId(id));
}

/** `errors` are the schema's for `entry`, with paths relative to it. */
function entryProblems(
  id: string,
  entry: unknown,
  errors: readonly ErrorObject[],
  badId: boolean,
): string[] {
  const where = `campaigns[${JSON.stringify(id)}]`;
  const problems: string[] = [];
  if (badId) {
    problems.push(`${where}: a campaign id must be five digits as a string, e.g. "00042"`);
  }
  if (!isPlainObject(entry)) {
    return [...problems, expected(where, 'an object with "fields" and "source"', entry)];
  }
  for (const key of unexpectedKeys(errors, "", entry)) {
    problems.push(`${where}: unexpected key ${JSON.stringify(key)}`);
  }
  if (failedAt(errors, "", "fields")) {
    problems.push(expected(`${where}.fields`, "an object of applied fields", entry.fields));
  }
  if (failedAt(errors, "", "source")) {
    problems.push(expected(`${where}.source`, "the campaign file's path (a string)", entry.source));
  }
  if (errors.some((error) => error.instancePath.startsWith("/agents"))) {
    problems.push(...agentsProblems(where, entry.agents));
  }
  if (failedAt(errors, "", "agents_policy")) {
    problems.push(expected(`${where}.agents_policy`, '"exact" or "owned"', entry.agents_policy));
  } else if (errors.some((error) => error.keyword === "dependencies")) {
    problems.push(`${where}.agents_policy is set without "agents"`);
  }
  return problems;
}

/** What the schema refused in `agents` (a list of distinct login texts), element by element. */
function agentsProblems(where: string, agents: unknown): string[] {
  if (!Array.isArray(agents))
    return [expected(`${where}.agents`, "a list of distinct agent logins", agents)];
  const problems: string[] = [];
  const seen = new Set<string>();
  agents.forEach((login: unknown, index) => {
    if (typeof login !== "string" || login === "") {
      problems.push(expected(`${where}.agents[${index}]`, "an agent login (text)", login));
    } else if (seen.has(login)) {
      problems.push(`${where}.agents[${index}]: ${JSON.stringify(login)} is listed twice`);
    } else seen.add(login);
  });
  return problems;
}

/**
 * Whether the schema refused member `key` of the object at `parent` itself (or found it
 * missing); not what is inside it.
 */
function failedAt(errors: readonly ErrorObject[], parent: string, key: string): boolean {
  const pointer = `${parent}/${pointerToken(key)}`;
  return errors.some(
    (error) =>
      (error.keyword === "required" &&
        error.instancePath === parent &&
        error.params.missingProperty === key) ||
      (error.instancePath === pointer &&
        error.propertyName === undefined &&
        error.keyword !== "propertyNames"),
  );
}

/** The keys of `object` the schema does not allow, in the object's own order. */
function unexpectedKeys(
  errors: readonly ErrorObject[],
  at: string,
  object: Record<string, unknown>,
): string[] {
  const refused = new Set(
    errors
      .filter((error) => error.keyword === "additionalProperties" && error.instancePath === at)
      .map((error) => String(error.params.additionalProperty)),
  );
  return Object.keys(object).filter((key) => refused.has(key));
}

/** A key as one JSON Pointer token (RFC 6901), as ajv writes instance paths. */
function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
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
