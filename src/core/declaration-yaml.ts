/**
 * A campaign's fields written as a YAML campaign declaration (`id` first, then fields).
 * One serialiser for every place that prints or writes a declaration (`state show`,
 * `import`), so that what they produce always loads back through the campaign-file loader
 * to exactly the same fields, and never holds a character that hides or rewrites text.
 * Pure: no file system, no clock.
 */
import { Document, isScalar, Scalar, visit } from "yaml";
import {
  type CampaignFields,
  type CampaignParameters,
  type DeclaredAgents,
  FIELD_ORDER,
} from "./campaign.js";
import { simpleDeclarationYaml } from "./simple-declaration-yaml.js";
import { escapeSerialised, isUnsafeCodePoint } from "./unsafe-text.js";

/**
 * The order of `schemas/campaign.schema.json`'s `properties`, which hand-written campaign
 * files follow (group_id before parameters). FIELD_ORDER is Thulium's documented order
 * instead; both are kept because `state show` prints FIELD_ORDER and must not change.
 */
export const SCHEMA_FIELD_ORDER: readonly (keyof CampaignFields)[] = [
  "name",
  "dialer",
  "active",
  "start_date",
  "end_date",
  "order",
  "parity",
  "group_id",
  "parameters",
];

/** The order of the schema's `parameters.properties`. */
export const SCHEMA_PARAMETER_ORDER: readonly (keyof CampaignParameters)[] = [
  "caller_id",
  "preview_timeout",
  "predictive_max_calls",
  "predictive_min_calls",
];

/** How a declaration is laid out. */
export interface DeclarationLayout {
  /** Field order; fields not listed are left out. */
  fields: readonly (keyof CampaignFields)[];
  /** `parameters` key order (keys not listed follow, sorted); undefined keeps the order given. */
  parameters?: readonly string[];
  /**
   * Written the way campaign files are written by hand: `id`, `caller_id` and dates in
   * double quotes (YAML 1.1 tools would read an unquoted date as a timestamp), and the
   * invisible format characters (zero-width space and joiners, word joiner, BOM) escaped
   * too, so that a file never hides text in an editor or a diff.
   */
  fileStyle: boolean;
}

/** What `state show` prints: Thulium's field order, parameters as stored. */
export const STATE_SHOW_LAYOUT: DeclarationLayout = { fields: FIELD_ORDER, fileStyle: false };

/** Campaign files written by `import`: the schema's order, quoted as the example campaigns are. */
export const CAMPAIGN_FILE_LAYOUT: DeclarationLayout = {
  fields: SCHEMA_FIELD_ORDER,
  parameters: SCHEMA_PARAMETER_ORDER,
  fileStyle: true,
};

/** Keys whose string values are always double-quoted in file style. */
const ALWAYS_QUOTED: ReadonlySet<string> = new Set(["id", "caller_id", "start_date", "end_date"]);

/** Invisible format characters a terminal shows harmlessly but an editor hides. */
const INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff]/g;
const HAS_INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff]/;

/**
 * The YAML text of a campaign declaration: `id: "NNNNN"`, then the fields in the layout's
 * order (undefined members left out), then `agents` (and `agents_policy` when exact) when
 * given. Ends with a newline.
 */
export function declarationYaml(
  id: string,
  fields: CampaignFields,
  layout: DeclarationLayout = STATE_SHOW_LAYOUT,
  agents?: DeclaredAgents,
): string {
  const declaration: Record<string, unknown> = { id };
  for (const key of layout.fields) {
    const value = fields[key];
    if (value === undefined) continue;
    declaration[key] =
      key === "parameters" && layout.parameters !== undefined
        ? ordered(value as Record<string, unknown>, layout.parameters)
        : value;
  }
  // Membership last, as in the schema; the policy only when it is not the default.
  if (agents !== undefined) {
    declaration.agents = [...agents.logins];
    if (agents.policy !== "owned") declaration.agents_policy = agents.policy;
  }
  return layout.fileStyle
    ? renderDeclarationYaml(declaration, { alwaysQuoted: ALWAYS_QUOTED, escapeInvisible: true })
    : renderDeclarationYaml(declaration);
}

function ordered(map: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const rest = Object.keys(map)
    .filter((key) => !order.includes(key))
    .sort();
  for (const key of [...order, ...rest]) if (map[key] !== undefined) result[key] = map[key];
  return result;
}

/** Options of renderDeclarationYaml; all off by default (what `state show` prints). */
export interface RenderYamlOptions {
  /** Keys whose string values are double-quoted even when plain would do. */
  alwaysQuoted?: ReadonlySet<string>;
  /** Also double-quote and escape strings holding invisible format characters. */
  escapeInvisible?: boolean;
}

/**
 * Any value as YAML, with no line any of its strings could open or disturb. The yaml
 * library prints a string with a newline as a block scalar (its lines then start with
 * whatever the value holds, `::notice …::` included) and leaves C1, DEL and bidi
 * characters raw even inside double quotes (and folds a long one at its newlines, onto
 * lines of their own). So every string that holds such a character, a `::` or a `##[` is
 * printed double-quoted on one line, its escapes as JSON writes them (a subset of YAML's),
 * and those characters as `\uXXXX`: the text is inert on a terminal and parses back to
 * the same value.
 */
export function renderDeclarationYaml(
  value: Record<string, unknown>,
  options: RenderYamlOptions = {},
): string {
  // Most declarations are simple enough to write directly (the same text, far cheaper).
  return simpleDeclarationYaml(value, options) ?? libraryDeclarationYaml(value, options);
}

/** renderDeclarationYaml through the yaml library's document model: any value. */
export function libraryDeclarationYaml(
  value: Record<string, unknown>,
  options: RenderYamlOptions = {},
): string {
  const document = new Document(value);
  const { alwaysQuoted, escapeInvisible = false } = options;
  visit(document, {
    Pair(_key, pair) {
      const { key, value: member } = pair;
      if (alwaysQuoted === undefined || !isScalar(key) || !isScalar(member)) return;
      if (typeof member.value === "string" && alwaysQuoted.has(String(key.value)))
        member.type = Scalar.QUOTE_DOUBLE;
    },
    Scalar(_key, node) {
      if (
        isScalar(node) &&
        typeof node.value === "string" &&
        needsQuotes(node.value, escapeInvisible)
      )
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Double-quoted as JSON writes them (`\n`, `\u001b`), never folded: yaml's own style
  // folds a long one at its newlines, each part on a line of its own. lineWidth 0: no
  // other folding either.
  const text = escapeSerialised(document.toString({ lineWidth: 0, doubleQuotedAsJSON: true }));
  // Every string holding one of these is double-quoted now, where `\uXXXX` means exactly
  // that character: replacing it keeps the value.
  return escapeInvisible
    ? text.replace(
        INVISIBLE,
        (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
      )
    : text;
}

/** Whether a string must be double-quoted to be printed safely. */
function needsQuotes(text: string, escapeInvisible: boolean): boolean {
  if (text.includes("::") || text.includes("##[")) return true;
  if (escapeInvisible && HAS_INVISIBLE.test(text)) return true;
  for (const char of text) if (isUnsafeCodePoint(char.codePointAt(0) ?? 0)) return true;
  return false;
}
