/**
 * `doctor`'s checks of what Thulium's list shows: whether the list was found (and how many
 * campaigns), which of the nine fields it shows and whether their values could be read,
 * whether `outbounds/stats` may be read, and whether every declared campaign is listed.
 * Pure: the reader's results and errors are passed in.
 */
import { FIELD_ORDER } from "../core/campaign.js";
import { plural } from "../core/words.js";
import { ApiError } from "../errors.js";
import type { LiveList, OutboundStat } from "../io/thulium/index.js";
import { findListPage } from "../io/thulium/index.js";
import { type DoctorCheck, fail, ok, skipped, warn } from "./doctor-check.js";
import type { TargetKind } from "./doctor-reach-checks.js";
import { withoutSubject } from "./doctor-reach-checks.js";

/** How a shape report is asked for: the fix for an unrecognised list. */
const REPORT_SHAPE =
  "run `thulium-campaigns doctor --show-shape` and report its output (key names and JSON types only, never values) so the list reader can learn this shape";

/**
 * The list: `first` is the first answer's text (when it came back 2xx), `result` what the
 * reader made of the whole list, or the error it threw.
 */
export function checkList(
  first: string,
  result: { list: LiveList } | { error: unknown },
  redact: (text: string) => string,
  showingShape: boolean,
): DoctorCheck {
  const report = showingShape
    ? "report the shape printed below (key names and JSON types only, never values) so the list reader can learn it"
    : REPORT_SHAPE;
  const page = findListPage(first, redact);
  if ("seen" in page)
    return fail(
      "list",
      `GET outbounds answered with no list of campaigns this tool recognises: it is ${page.seen}`,
      report,
    );
  if ("error" in result) {
    if (!(result.error instanceof ApiError)) throw result.error;
    return fail("list", withoutSubject(result.error.message), report);
  }
  const { list } = result;
  const where = list.where === "body" ? "a JSON array" : `under "${list.where}"`;
  const requests = list.requests === 1 ? "1 request" : `${list.requests} requests`;
  const found = `recognised: ${plural(list.campaigns.length, "campaign")} (${where}, ${requests})`;
  if (list.skipped > 0)
    return warn(
      "list",
      `${found}; ${plural(list.skipped, "item")} without a usable id skipped`,
      `those items are invisible to import and drift; ${REPORT_SHAPE}`,
    );
  return ok("list", found);
}

/** Which of the nine PUT fields the list shows, and values no accepted spelling fits. */
export function checkFields(list: LiveList): DoctorCheck {
  if (list.campaigns.length === 0)
    return skipped("fields", "the list holds no campaigns, so it shows no fields to look at");
  const shown = list.fieldsShown;
  const hidden = FIELD_ORDER.filter((field) => !shown.includes(field));
  const unreadable = new Map<string, string[]>();
  for (const campaign of list.campaigns)
    for (const path of campaign.unreadable)
      unreadable.set(path, [...(unreadable.get(path) ?? []), campaign.id]);
  const showsText =
    hidden.length === 0
      ? `shows all ${FIELD_ORDER.length} fields (${shown.join(", ")})`
      : `shows ${shown.length} of the ${FIELD_ORDER.length} fields (${shown.join(", ") || "none"}); not shown: ${hidden.join(", ")}`;
  if (unreadable.size > 0) {
    const which = [...unreadable].map(
      ([path, ids]) => `${path} in ${plural(ids.length, "campaign")} (${idList(ids)})`,
    );
    return warn(
      "fields",
      `${showsText}; values no accepted spelling fits: ${which.join("; ")}`,
      "these values are never reported as drift nor imported; report the field and how Thulium's panel shows its value, with `thulium-campaigns doctor --show-shape`",
    );
  }
  if (hidden.length > 0)
    return warn(
      "fields",
      showsText,
      `drift and --refresh cannot compare ${hidden.join(", ")}, and import cannot write them; if Thulium's panel shows them, report \`thulium-campaigns doctor --show-shape\``,
    );
  return ok("fields", showsText);
}

/** `GET outbounds/stats`: readable, or why not (never essential: only drift's notes use it). */
export function checkStats(result: { stats: OutboundStat[] } | { error: unknown }): DoctorCheck {
  if ("stats" in result)
    return ok(
      "stats",
      `GET outbounds/stats is readable: ${plural(result.stats.length, "campaign")} dialling now`,
    );
  const { error } = result;
  if (!(error instanceof ApiError)) throw error;
  if (error.details.status === 403 || error.details.status === 401)
    return warn(
      "stats",
      `the API user may not read GET outbounds/stats (HTTP ${error.details.status}): drift cannot say which campaigns are dialling now`,
      "give the API user access to outbound campaign statistics in Thulium, or leave it: nothing else needs it",
    );
  return warn(
    "stats",
    withoutSubject(error.message),
    "drift cannot say which campaigns are dialling now; run doctor again, and report it if it repeats",
  );
}

/** Every declared campaign (valid ones) should be in Thulium's list. */
export function checkDeclaredIds(
  declaredIds: readonly string[],
  list: LiveList,
  invalidFiles: boolean,
  kind: TargetKind,
): DoctorCheck {
  const note = invalidFiles ? " (campaigns in files with errors are not counted)" : "";
  if (declaredIds.length === 0)
    return ok("declared-ids", `no campaigns declared to look for${note}`);
  const live = new Set(list.campaigns.map((campaign) => campaign.id));
  const missing = declaredIds.filter((id) => !live.has(id));
  if (missing.length === 0) {
    const all =
      declaredIds.length === 1
        ? `the declared campaign ${declaredIds[0]} is in the list`
        : `all ${declaredIds.length} declared campaigns are in the list`;
    return ok("declared-ids", `${all}${note}`);
  }
  const [them, file] = missing.length === 1 ? ["it", "file"] : ["them", "files"];
  const fix =
    kind === "sandbox"
      ? `apply --sandbox creates ${them} in the sandbox first, as an admin would in Thulium's panel`
      : `create ${them} in Thulium's panel (the API cannot create a campaign with a chosen id) or correct the id in the campaign ${file}: apply fails for ${them} until then`;
  return warn(
    "declared-ids",
    `${missing.length} of ${plural(declaredIds.length, "declared campaign")} not in ${kind === "sandbox" ? "the sandbox's" : "Thulium's"} list: ${idList(missing)}${note}`,
    fix,
  );
}

/** At most this many ids are listed in a finding. */
const IDS_LISTED = 10;

function idList(ids: readonly string[]): string {
  const more = ids.length - IDS_LISTED;
  return more > 0 ? `${ids.slice(0, IDS_LISTED).join(", ")} and ${more} more` : ids.join(", ");
}
