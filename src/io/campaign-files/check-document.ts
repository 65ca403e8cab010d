/**
 * One parsed document through the schema, keeping what the cross-field rules need: the
 * fields that passed (so `end_date` before `start_date` is reported even when `name` is
 * also wrong), and where the id is declared (for the duplicate-id check).
 */
import type { AgentsPolicy, CampaignFields, CampaignParameters } from "../../core/campaign.js";
import { FIELD_ORDER } from "../../core/campaign.js";
import { isCampaignId } from "../../core/campaign-id.js";
import type { Issue } from "../../core/issue.js";
import type { CampaignCandidate, FieldPosition, IdDeclaration } from "../../core/rules.js";
import { schemaIssues } from "../../schema/errors-to-issues.js";
import { excerpt, shownPointer } from "../../schema/excerpt.js";
import { defaultsSchemaErrors, schemaErrors } from "../../schema/validator.js";
import { checkAgents } from "./check-agents.js";
import { unsafeIntegerMessage } from "./exact-integers.js";
import { fieldPositions } from "./field-positions.js";
import type { ParsedDocument } from "./parse-documents.js";

/** A document after YAML and schema checks. */
export interface CheckedDocument {
  /** YAML and schema issues of this document. */
  issues: Issue[];
  /** True when the document has no YAML or schema error. */
  valid: boolean;
  /** Set when the document declares a well-formed id. */
  declaration?: IdDeclaration;
  /** The fields that passed the schema; unset when the document is not a mapping. */
  candidate?: CampaignCandidate;
}

const PARAMETER_ORDER = [
  "caller_id",
  "preview_timeout",
  "predictive_max_calls",
  "predictive_min_calls",
] as const;

/**
 * Schema-check a non-empty document of `file`. With `partial` (a `_defaults.yaml` file,
 * whose `id` the caller has taken out) nothing is required.
 */
export function checkDocument(
  doc: ParsedDocument,
  file: string,
  options: { partial?: boolean } = {},
): CheckedDocument {
  const partial = options.partial === true;
  const data = doc.data as Record<string, unknown> | null | undefined;
  const checked: CheckedDocument = { issues: [...doc.issues], valid: false };
  const id = data?.id;
  // The id's value position is needed from every document (the duplicate-id check), its
  // key's from every valid one (the campaign's location): each looked up once.
  let idPosition: FieldPosition | undefined;
  if (isCampaignId(id)) {
    idPosition = {
      key: doc.locator.position("/id", "key"),
      value: doc.locator.position("/id", "value"),
    };
    checked.declaration = { id, file, position: idPosition.value };
  }
  // After a YAML error the data may be a partial guess; schema messages on it would mislead.
  if (doc.issues.some((issue) => issue.severity === "error") || data === undefined) return checked;
  // A whole number past 2^53 gets its own message; the schema's (out of range, not a
  // whole number) would describe the rounded value, not the one written.
  const unsafe = unsafeIntegerIssues(doc, file);
  const unsafePointers =
    unsafe.length === 0
      ? NO_POINTERS
      : new Set(doc.unsafeIntegers.map(({ pointer }) => shownPointer(pointer)));
  const validate = partial ? defaultsSchemaErrors : schemaErrors;
  let schema = schemaIssues(data, file, doc.locator, validate);
  if (unsafe.length > 0) schema = schema.filter((issue) => !unsafePointers.has(issue.path));
  checked.issues.push(...unsafe, ...schema);
  checked.valid = unsafe.length === 0 && schema.length === 0;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return checked;
  // A valid document (nearly all of them): no set of failed pointers to build.
  const failed = checked.valid
    ? NO_POINTERS
    : new Set([...schema.map((issue) => issue.path), ...unsafePointers]);
  const membership = checkAgents(data, failed, doc.locator, file, !partial);
  checked.issues.push(...membership.issues);
  if (membership.issues.some((issue) => issue.severity === "error")) checked.valid = false;
  const fields = passedFields(data, failed);
  const policy = failed.has("/agents_policy")
    ? undefined
    : (data.agents_policy as AgentsPolicy | undefined);
  // Where membership is declared, so layered defaults can point at it (see defaults.ts).
  const membershipPointers: string[] = [];
  if (data.agents !== undefined) membershipPointers.push("/agents");
  if (data.agents_policy !== undefined) membershipPointers.push("/agents_policy");
  // Built by assignment, not spreads of `{}`: one object per campaign, not three.
  const candidate: CampaignCandidate = {
    id: typeof id === "string" ? id : "",
    fields,
    file,
    positions: fieldPositions(fields, doc.locator, membershipPointers, idPosition),
  };
  if (membership.agents !== undefined) candidate.agents = membership.agents;
  if (policy !== undefined) candidate.agentsPolicy = policy;
  checked.candidate = candidate;
  return checked;
}

/** No pointer (shared: most documents have no unsafe integer and no schema error). */
const NO_POINTERS: ReadonlySet<string> = new Set();

function unsafeIntegerIssues(doc: ParsedDocument, file: string): Issue[] {
  if (doc.unsafeIntegers.length === 0) return [];
  return doc.unsafeIntegers.map(({ pointer, value }) => ({
    severity: "error",
    file,
    ...doc.locator.position(pointer, "value"),
    path: shownPointer(pointer),
    message: unsafeIntegerMessage(excerpt(doc.locator.sourceText(pointer) ?? String(value)), value),
  }));
}

/** The declared fields without schema errors, in Thulium's documented order (stable output). */
function passedFields(data: Record<string, unknown>, failed: ReadonlySet<string>): CampaignFields {
  const fields: Record<string, unknown> = {};
  const none = failed.size === 0; // a valid document: no pointer to build per field
  // Indexed loops: this runs for every campaign, mostly before the JIT compiles it, and an
  // interpreted for…of makes an iterator result per field.
  for (let i = 0; i < FIELD_ORDER.length; i++) {
    const name = FIELD_ORDER[i] as (typeof FIELD_ORDER)[number];
    const value = data[name];
    if (value === undefined || (!none && failed.has(`/${name}`))) continue;
    fields[name] =
      name === "parameters" ? passedParameters(value as CampaignParameters, failed) : value;
  }
  return fields as CampaignFields;
}

function passedParameters(
  parameters: CampaignParameters,
  failed: ReadonlySet<string>,
): CampaignParameters {
  const picked: Record<string, unknown> = {};
  const none = failed.size === 0;
  for (let i = 0; i < PARAMETER_ORDER.length; i++) {
    const name = PARAMETER_ORDER[i] as (typeof PARAMETER_ORDER)[number];
    const value = parameters[name];
    if (value !== undefined && (none || !failed.has(`/parameters/${name}`))) picked[name] = value;
  }
  return picked as CampaignParameters;
}
