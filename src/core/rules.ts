/**
 * Rules that JSON Schema cannot express: relations between fields of one campaign, and
 * between campaigns in different files. Pure: positions and today's date come in as data.
 */
import type { AgentsPolicy, CampaignFields, DeclaredAgents, FieldOrigin } from "./campaign.js";
import type { Issue } from "./issue.js";

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Where a declared field's key and value start. */
export interface FieldPosition {
  key: Position;
  value: Position;
  /** Set for an inherited value: the defaults file that holds it (else the campaign's file). */
  file?: string;
}

/** A schema-valid campaign document, with the positions its rules may point at. */
export interface CampaignCandidate {
  id: string;
  fields: CampaignFields;
  /** Declared membership, when `agents` passed the schema and lists each login once. */
  agents?: DeclaredAgents;
  /** `agents_policy` as this document declares it (when it passed the schema). */
  agentsPolicy?: AgentsPolicy;
  file: string;
  /** Inherited values' origins by plan path (see DeclaredCampaign.origins); set by layering. */
  origins?: Readonly<Record<string, FieldOrigin>>;
  /** Positions by JSON Pointer (`/end_date`, `/parameters/preview_timeout`) of declared fields. */
  positions: Readonly<Record<string, FieldPosition>>;
}

/** One place a campaign id is declared (also from documents with other errors). */
export interface IdDeclaration {
  id: string;
  file: string;
  /** Position of the `id` value. */
  position: Position;
}

export interface RuleOptions {
  /** Today as `YYYY-MM-DD` (injected: rules never read the clock). */
  today: string;
}

const PREDICTIVE_PARAMETERS = ["predictive_max_calls", "predictive_min_calls"] as const;

/** The cross-field rules for one campaign: errors, and warnings that do not fail. */
export function campaignRuleIssues(campaign: CampaignCandidate, options: RuleOptions): Issue[] {
  const { fields } = campaign;
  const issues: Issue[] = [];
  const report = (
    severity: Issue["severity"],
    path: string,
    part: "key" | "value",
    message: string,
  ) => {
    const at = campaign.positions[path];
    const { line, column } = at?.[part] ?? { line: 0, column: 0 };
    // An inherited value is reported where it is written: its defaults file.
    issues.push({ severity, file: at?.file ?? campaign.file, line, column, path, message });
  };

  // YYYY-MM-DD strings compare correctly as text.
  if (
    fields.start_date !== undefined &&
    fields.end_date !== undefined &&
    fields.end_date < fields.start_date
  ) {
    report(
      "error",
      "/end_date",
      "value",
      `end_date ${fields.end_date} is before start_date ${fields.start_date}`,
    );
  } else if (
    fields.end_date !== undefined &&
    fields.end_date < options.today &&
    fields.active !== false
  ) {
    // An inactive campaign kept for the record may well have ended; only an active one
    // that the dialer will silently ignore deserves a warning.
    report(
      "warning",
      "/end_date",
      "value",
      `end_date ${fields.end_date} is in the past (today is ${options.today}); the dialer will not call from this campaign`,
    );
  }

  const parameters = fields.parameters ?? {};
  const { predictive_min_calls: min, predictive_max_calls: max } = parameters;
  if (min !== undefined && max !== undefined && min > max) {
    report(
      "error",
      "/parameters/predictive_min_calls",
      "value",
      `predictive_min_calls (${min}) is above predictive_max_calls (${max})`,
    );
  }

  const dialer =
    fields.dialer === undefined ? "no dialer is declared" : `dialer is ${fields.dialer}`;
  if (parameters.preview_timeout !== undefined && fields.dialer !== "preview") {
    report(
      "warning",
      "/parameters/preview_timeout",
      "key",
      `preview_timeout has no effect unless dialer is preview (${dialer})`,
    );
  }
  for (const name of PREDICTIVE_PARAMETERS) {
    if (parameters[name] !== undefined && fields.dialer !== "predictive") {
      report(
        "warning",
        `/parameters/${name}`,
        "key",
        `${name} has no effect unless dialer is predictive (${dialer})`,
      );
    }
  }
  return issues;
}

/**
 * The ids declared more than once, found without a list per id: every campaign's id passes
 * here in front of apply's first request, and nearly never twice.
 */
export function repeatedIds(declarations: readonly IdDeclaration[]): ReadonlySet<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (let i = 0; i < declarations.length; i++) {
    const id = (declarations[i] as IdDeclaration).id;
    if (seen.has(id)) repeated.add(id);
    else seen.add(id);
  }
  return repeated;
}

/** An error at every declaration of an id that is declared more than once, naming the other places. */
export function duplicateIdIssues(
  declarations: readonly IdDeclaration[],
  repeated: ReadonlySet<string> = repeatedIds(declarations),
): Issue[] {
  if (repeated.size === 0) return [];
  // In the order each id was first declared, each id's declarations in file order.
  const byId = new Map<string, IdDeclaration[]>();
  for (const declaration of declarations) {
    if (!repeated.has(declaration.id)) continue;
    const list = byId.get(declaration.id) ?? [];
    list.push(declaration);
    byId.set(declaration.id, list);
  }
  const issues: Issue[] = [];
  for (const [id, list] of byId) {
    for (const declaration of list) {
      const others = list
        .filter((other) => other !== declaration)
        .map((other) => `${other.file}:${other.position.line}:${other.position.column}`);
      issues.push({
        severity: "error",
        file: declaration.file,
        ...declaration.position,
        path: "/id",
        message: `campaign id ${id} is declared more than once: also at ${others.join(", ")}`,
      });
    }
  }
  return issues;
}
