/**
 * A campaign's fields written as a YAML campaign declaration (`id` first, then fields).
 * One serialiser for every place that prints or writes a declaration (`state show`,
 * `import`), so that what they produce always loads back through the campaign-file loader
 * to exactly the same fields. Pure: no file system, no clock.
 */
import { Document, isScalar, Scalar, stringify, visit } from "yaml";
import { type CampaignFields, type CampaignParameters, FIELD_ORDER } from "./campaign.js";

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
   * double quotes (YAML 1.1 tools would read an unquoted date as a timestamp), and any
   * string holding an invisible or line-changing character (C0, DEL, C1, zero-width, bidi
   * controls, line separators, BOM) in double quotes with that character as a visible
   * `\uXXXX` escape, so that a file never hides or reorders text in an editor or a diff.
   */
  fileStyle: boolean;
}

/** What `state show` prints: Thulium's field order, parameters as stored, yaml's own quoting. */
export const STATE_SHOW_LAYOUT: DeclarationLayout = { fields: FIELD_ORDER, fileStyle: false };

/** Campaign files written by `import`: the schema's order, quoted as the example campaigns are. */
export const CAMPAIGN_FILE_LAYOUT: DeclarationLayout = {
  fields: SCHEMA_FIELD_ORDER,
  parameters: SCHEMA_PARAMETER_ORDER,
  fileStyle: true,
};

/** Keys whose string values are always double-quoted in file style. */
const ALWAYS_QUOTED = new Set(["id", "caller_id", "start_date", "end_date"]);

/** Characters that are invisible, or move or break text, when shown raw (tab excepted). */
const HIDDEN_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is looked for
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/**
 * The same without line feed: yaml escapes `\n` inside double quotes itself, and every
 * raw line feed in its output is a line break of the document.
 */
const RAW_HIDDEN_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is replaced
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** True when `text` holds a character that CAMPAIGN_FILE_LAYOUT writes as an escape. */
export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN_CHARACTER.test(text);
}

/**
 * The YAML text of a campaign declaration: `id: "NNNNN"`, then the fields in the layout's
 * order (undefined members left out). Ends with a newline.
 */
export function declarationYaml(
  id: string,
  fields: CampaignFields,
  layout: DeclarationLayout = STATE_SHOW_LAYOUT,
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
  if (!layout.fileStyle) return stringify(declaration, { lineWidth: 0 });
  return fileStyleYaml(declaration);
}

function ordered(map: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const rest = Object.keys(map)
    .filter((key) => !order.includes(key))
    .sort();
  for (const key of [...order, ...rest]) if (map[key] !== undefined) result[key] = map[key];
  return result;
}

function fileStyleYaml(declaration: Record<string, unknown>): string {
  const doc = new Document(declaration);
  visit(doc, {
    Pair(_, pair) {
      const { key, value } = pair;
      if (isScalar(key) && isScalar(value) && typeof value.value === "string") {
        if (ALWAYS_QUOTED.has(String(key.value))) value.type = Scalar.QUOTE_DOUBLE;
      }
    },
    Scalar(_, node) {
      if (typeof node.value === "string" && hasHiddenCharacter(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // Every string holding a hidden character is double-quoted now (keys included), so
  // each such character that yaml left raw sits inside a double-quoted scalar, where
  // `\uXXXX` means exactly that character: replacing it keeps the value.
  const text = doc.toString({ lineWidth: 0 });
  return text.replace(
    RAW_HIDDEN_CHARACTERS,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}
