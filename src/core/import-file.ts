/**
 * What `import` writes for one live campaign: the file's name (from the campaign's name)
 * and its text (schema modeline, provenance comment, declaration). Pure: the folder's
 * existing names, the target and the date come in as data.
 */
import type { CampaignFields } from "./campaign.js";
import { isCampaignId } from "./campaign-id.js";
import { CAMPAIGN_FILE_LAYOUT, declarationYaml } from "./declaration-yaml.js";
import type { LiveCampaign, LiveFields } from "./live-campaign.js";
import { isPlainObject, normaliseFields } from "./normalise.js";

/** Longest file-name stem made from a campaign name (before any `-<id>` and `.yaml`). */
export const MAX_STEM_LENGTH = 60;

/** The extension of imported files. */
export const IMPORT_EXTENSION = ".yaml";

/**
 * Letters that Unicode decomposition does not reduce to a base letter (ł, ß, æ …), and
 * the Polish ones spelt out so the rule is visible rather than left to NFKD.
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ą: "a",
  ć: "c",
  ę: "e",
  ł: "l",
  ń: "n",
  ó: "o",
  ś: "s",
  ź: "z",
  ż: "z",
  Ą: "A",
  Ć: "C",
  Ę: "E",
  Ł: "L",
  Ń: "N",
  Ó: "O",
  Ś: "S",
  Ź: "Z",
  Ż: "Z",
  ß: "ss",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ø: "o",
  Ø: "O",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "TH",
  ı: "i",
};
const TRANSLITERABLE = new RegExp(`[${Object.keys(TRANSLITERATIONS).join("")}]`, "g");

/**
 * Names Windows reserves for devices: `con.yaml` cannot be created or checked out there,
 * so such a stem is treated as taken.
 */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A file-name stem from a campaign name: lower-case ASCII letters and digits joined by
 * single `-`; Polish letters transliterated (`ż` → `z`), other accents dropped, anything
 * else (spaces, punctuation, emoji, other scripts) a separator; at most MAX_STEM_LENGTH
 * characters. Empty when nothing usable is left. The result can never hold `/`, `.` or
 * `..`, so it cannot leave the folder or make a hidden file.
 */
export function nameToStem(name: string): string {
  const ascii = name
    .replace(TRANSLITERABLE, (letter) => TRANSLITERATIONS[letter] ?? letter)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
  const stem = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return stem.slice(0, MAX_STEM_LENGTH).replace(/-+$/, "");
}

/** The stem for a campaign: from its name, or `campaign-<id>` when the name gives none. */
export function campaignStem(id: string, name: string | undefined): string {
  const stem = name === undefined ? "" : nameToStem(name);
  return stem === "" ? `campaign-${id}` : stem;
}

/** One campaign to name. */
export interface FileNameRequest {
  /** Five-digit id; unique within one import. */
  id: string;
  /** The campaign's name, when the live list shows one. */
  name?: string | undefined;
}

/**
 * A file name (`<stem>.yaml`) for each campaign, by id. A name already in the folder
 * (`existing`: the folder's entry names; compared without regard to case, and a `.yml` of
 * the same stem counts too) or shared with another campaign of this import gets the id
 * appended: `kampania-sprzedazowa-2027-00042.yaml`. Campaigns that share a name all get
 * their id, so which one keeps the plain name never depends on the order of the list.
 * In the rare case that is taken too, `-2`, `-3` … follow.
 */
export function chooseFileNames(
  requests: readonly FileNameRequest[],
  existing: Iterable<string>,
): Map<string, string> {
  const taken = new Set<string>();
  for (const entry of existing) taken.add(entry.toLowerCase());
  const names = new Map<string, string>();
  const isFree = (stem: string) =>
    !WINDOWS_DEVICE.test(stem) &&
    !taken.has(`${stem}${IMPORT_EXTENSION}`) &&
    !taken.has(`${stem}.yml`);
  const claim = (id: string, stem: string) => {
    const file = `${stem}${IMPORT_EXTENSION}`;
    taken.add(file);
    names.set(id, file);
  };

  const stems = new Map<string, string>();
  const sharing = new Map<string, number>();
  for (const { id, name } of requests) {
    // Ids reach file names: anything but five digits is a bug in the caller, never a path.
    if (!isCampaignId(id))
      throw new Error(`chooseFileNames: ${JSON.stringify(id)} is not a campaign id`);
    if (stems.has(id)) throw new Error(`chooseFileNames: campaign ${id} requested twice`);
    const stem = campaignStem(id, name);
    stems.set(id, stem);
    sharing.set(stem, (sharing.get(stem) ?? 0) + 1);
  }
  const clashing: string[] = [];
  for (const [id, stem] of stems) {
    if (sharing.get(stem) === 1 && isFree(stem)) claim(id, stem);
    else clashing.push(id);
  }
  for (const id of clashing) {
    const stem = stems.get(id) ?? `campaign-${id}`;
    const withId = stem.endsWith(`-${id}`) ? stem : `${stem}-${id}`;
    let candidate = withId;
    for (let n = 2; !isFree(candidate); n++) candidate = `${withId}-${n}`;
    claim(id, candidate);
  }
  return names;
}

/** Where and when a file was imported, for its header comment. */
export interface ImportProvenance {
  /** The Thulium system read: the normalised THULIUM_URL, or `sandbox`. */
  target: string;
  /** The day of the import, `YYYY-MM-DD` (the caller's clock). */
  importedOn: string;
  /**
   * The `$schema` reference for the editor modeline, relative to the file's folder;
   * default `../schemas/campaign.schema.json`, as in the example campaigns.
   */
  schemaRef?: string;
}

/** The modeline every campaign file starts with, so editors check and complete it. */
export const DEFAULT_SCHEMA_REF = "../schemas/campaign.schema.json";

/**
 * A campaign as read from Thulium, as far as the file writer needs it: a LiveCampaign
 * from the list reader fits as it is.
 */
export interface ImportedCampaign {
  /** Five-digit id. */
  id: LiveCampaign["id"];
  /**
   * The visible fields, normalised to the schema's types; only these are written. `null`
   * (visible, not set) is not written: a campaign file cannot declare "not set".
   */
  fields: LiveFields;
  /** Fields whose live value could not be read; named in a comment, never written. */
  unreadable?: readonly string[];
  /**
   * With `import --with-agents`: the campaign's members' logins (sorted), written as
   * `agents:`; `agentsSkipped` members were listed without a login and are named in a
   * comment, never written.
   */
  agents?: readonly string[];
  agentsSkipped?: number;
}

/**
 * The text of an imported campaign file: the schema modeline, a comment saying where and
 * when it was imported, then the declaration: `id` quoted, the given fields in the
 * schema's order (parameters too), quoted as hand-written files are. Never holds
 * credentials: only the target's scheme, host and path are named.
 */
export function importedFileText(campaign: ImportedCampaign, provenance: ImportProvenance): string {
  return importedFile(campaign, provenance).text;
}

/** importedFileText's text, and the fields it declares (importedFields), computed once. */
export function importedFile(
  campaign: ImportedCampaign,
  provenance: ImportProvenance,
): { text: string; fields: CampaignFields } {
  const lines = [headerLines(provenance)];
  const unreadable = campaign.unreadable ?? [];
  if (unreadable.length > 0) {
    lines.push(
      `# Not written: Thulium's list shows a value this tool cannot read for ${unreadable.map(commentSafe).join(", ")}.`,
    );
  }
  if ((campaign.agentsSkipped ?? 0) > 0) {
    lines.push(
      `# Not written: Thulium listed ${campaign.agentsSkipped} agent${campaign.agentsSkipped === 1 ? "" : "s"} of this campaign without a login.`,
    );
  }
  const fields = importedFields(campaign.fields);
  const agents =
    campaign.agents === undefined
      ? undefined
      : { logins: [...campaign.agents], policy: "owned" as const };
  const declaration = declarationYaml(campaign.id, fields, CAMPAIGN_FILE_LAYOUT, agents);
  return { text: `${lines.join("\n")}\n${declaration}`, fields };
}

/** The last provenance's header, kept: an import writes every file with the same one. */
let lastHeader: { provenance: ImportProvenance; lines: string } | undefined;

/** The modeline and the provenance comment, as two lines without a final line break. */
function headerLines(provenance: ImportProvenance): string {
  const last = lastHeader?.provenance;
  if (
    last !== undefined &&
    last.target === provenance.target &&
    last.importedOn === provenance.importedOn &&
    last.schemaRef === provenance.schemaRef
  ) {
    return lastHeader?.lines as string;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(provenance.importedOn)) {
    throw new Error(
      `importedFileText: importedOn must be YYYY-MM-DD, not ${provenance.importedOn}`,
    );
  }
  const lines = [
    `# yaml-language-server: $schema=${commentSafe(provenance.schemaRef ?? DEFAULT_SCHEMA_REF)}`,
    `# Imported from ${commentSafe(withoutCredentials(provenance.target))} on ${provenance.importedOn} by thulium-campaigns import.`,
  ].join("\n");
  lastHeader = { provenance: { ...provenance }, lines };
  return lines;
}

/**
 * The fields an imported file declares, and so what the state should record for it: the
 * visible ones with a value (`null`, "not set", left out, also inside `parameters`),
 * canonical (an empty `parameters` map left out). A value the schema does not accept (an
 * unknown dialer, an order of 0) is kept: validation, not this function, judges it.
 */
export function importedFields(fields: LiveFields): CampaignFields {
  const declared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    declared[key] = isPlainObject(value)
      ? Object.fromEntries(Object.entries(value).filter(([, member]) => member !== null))
      : value;
  }
  return normaliseFields(declared as CampaignFields);
}

/** A URL without `user:password@`; anything that is not a URL is kept as it is. */
function withoutCredentials(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return target;
  }
  if (url.username === "" && url.password === "") return target;
  url.username = "";
  url.password = "";
  return url.href;
}

/** One comment line's text: control characters and line breaks become `?`. */
function commentSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "?");
}
