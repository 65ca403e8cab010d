/**
 * A JSON file's schema problem in the words a person fixing it needs: where (a path such as
 * `changes[3].request.body.order`) and what (`must be a whole number`). The schema decides
 * what is wrong (ajv, compiled at build time: file-schemas.ts); this module only chooses
 * which problem to report and words it from the schema node that refused the value, so each
 * file's checker adds no rules of its own here. Used for saved plans and sandbox data; the
 * state file words its problems its own way (io/state/shape.ts), one per field.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject } from "ajv";
import { CAMPAIGN_ID_PATTERN } from "../core/campaign-id.js";

/** The parts of a schema node the words are made from. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  minItems?: number;
  minLength?: number;
  properties?: Record<string, SchemaNode>;
  [key: string]: unknown;
}

/** One problem: the path to the value, and what is wrong with it. */
export interface FileProblem {
  /** Object keys and array indexes from the document's top to the value. */
  path: (string | number)[];
  /** `must be a string`, `is not a known field`…: read after the path. */
  problem: string;
  /** Set when the value is missing (the words are then those of a wrong value). */
  missing?: true;
}

/** How a pattern's mismatch is worded; a pattern not listed reads "has the wrong form". */
const PATTERN_WORDS: Record<string, string> = {
  "^[0-9a-f]{64}$": "must be 64 hex digits",
  [CAMPAIGN_ID_PATTERN]: "must be a five-digit campaign id",
};

/**
 * The problem to report among ajv's `errors` for `data`: the first from the top of the
 * file (in the document's key order; a missing member counts as at the end of its object),
 * so the message points where a reader meets it. Undefined when there is none.
 *
 * `schemaUrl` is the schema file, read only here (an error path): a missing member is
 * worded from its own schema node, which ajv's error does not carry when it is a `$ref`.
 * `unknownKey` words a member the schema does not allow.
 */
export function firstProblem(
  errors: readonly ErrorObject[],
  data: unknown,
  schemaUrl: URL,
  unknownKey: string,
): FileProblem | undefined {
  const ranked = errors
    // An `if` error only says its `then` or `else` failed; their own errors say how.
    .filter((error) => error.keyword !== "if")
    .map((error) => ({ error, path: errorPath(error) }))
    .map((entry) => ({ ...entry, rank: documentRank(data, entry.path) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank));
  const first = ranked[0];
  if (first === undefined) return undefined;
  const { error, path } = first;
  if (error.keyword === "additionalProperties") return { path, problem: unknownKey };
  if (error.keyword === "required") {
    const parent = error.parentSchema as SchemaNode | undefined;
    const missing = String(error.params.missingProperty);
    const node = resolve(parent?.properties?.[missing] ?? {}, schemaUrl);
    return { path, problem: mustBe(node, undefined), missing: true };
  }
  return { path, problem: mustBe(error.parentSchema as SchemaNode, error.data) };
}

/** `changes[3].request.body.order`: the path as the messages show it. */
export function shownPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

/** What a value refused by `node` must be, worded from the node. */
function mustBe(node: SchemaNode, value: unknown): string {
  if (node.const === true) return "must be true when present";
  if (node.const !== undefined) return `must be ${JSON.stringify(node.const)}`;
  if (node.enum !== undefined) {
    // Two values read as a choice ("PUT" or "POST"); more as a list.
    return node.enum.length === 2
      ? `must be ${node.enum.map((item) => JSON.stringify(item)).join(" or ")}`
      : `must be one of ${node.enum.join(", ")}`;
  }
  const types = typeof node.type === "string" ? [node.type] : (node.type ?? []);
  if (types.includes("object")) return "must be an object";
  if (types.includes("array")) {
    return Array.isArray(value) && node.minItems !== undefined
      ? "must not be empty"
      : "must be an array";
  }
  if (types.includes("string")) {
    if (typeof value !== "string") {
      return types.includes("null") ? "must be a string or null" : "must be a string";
    }
    if (node.minLength !== undefined && value.length < node.minLength) return "must not be empty";
    return (node.pattern && PATTERN_WORDS[node.pattern]) ?? "has the wrong form";
  }
  if (types.includes("boolean")) return "must be true or false";
  if (types.includes("integer")) {
    return Number.isSafeInteger(value) && node.minimum === 0
      ? "must not be negative"
      : "must be a whole number";
  }
  if (types.includes("number")) return "must be a number";
  return "is not allowed here";
}

/** The node a `$ref` names (`#/definitions/…`, in the same file), or the node itself. */
function resolve(node: SchemaNode, schemaUrl: URL): SchemaNode {
  if (node.$ref === undefined) return node;
  let target: unknown = readSchema(schemaUrl);
  for (const token of node.$ref.replace(/^#\//, "").split("/")) {
    target = (target as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return resolve(target as SchemaNode, schemaUrl);
}

const schemas = new Map<string, unknown>();
function readSchema(url: URL): unknown {
  if (!schemas.has(url.href)) schemas.set(url.href, JSON.parse(readFileSync(url, "utf8")));
  return schemas.get(url.href);
}

/** The error's path from the top: its instance path, plus the member missing or not allowed. */
function errorPath(error: ErrorObject): (string | number)[] {
  const path: (string | number)[] = error.instancePath
    .split("/")
    .slice(1)
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") path.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") {
    path.push(String(error.params.additionalProperty));
  }
  return path;
}

/**
 * Where a path lies in the document, as positions: an array index, a key's place among its
 * object's keys (a missing key after them all). Array indexes become numbers on the way.
 */
function documentRank(data: unknown, path: (string | number)[]): number[] {
  const rank: number[] = [];
  let value = data;
  for (const [index, segment] of path.entries()) {
    if (Array.isArray(value)) {
      const position = Number(segment);
      path[index] = position;
      rank.push(position);
      value = value[position];
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      const position = keys.indexOf(String(segment));
      rank.push(position === -1 ? keys.length : position);
      value = position === -1 ? undefined : (value as Record<string, unknown>)[String(segment)];
    } else rank.push(0);
  }
  return rank;
}

/** Earlier position first; a value before what it contains. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}
