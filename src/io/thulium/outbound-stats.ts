/**
 * `GET outbounds/stats` (documented): one entry per *active* campaign,
 * `[{"id":"00001","records_count":1324,"completion_percent":14.87}, …]`. Used to say which
 * campaigns are dialling now. Read with the list reader's tolerance: ids as strings or
 * numbers, numbers as numbers or digit strings; an entry without a usable id is skipped.
 */

import { isPlainObject } from "../../core/normalise.js";
import { ApiError } from "../../errors.js";
import type { CampaignApi, RequestControl } from "./client.js";
import { findListPage } from "./list-body.js";
import { readLiveId } from "./live-item.js";
import { readInteger, readNumber } from "./live-values.js";

/** One active campaign's progress. A value the answer does not give (or spells oddly) is absent. */
export interface OutboundStat {
  id: string;
  /** `records_count`: records in the campaign. */
  recordsCount?: number;
  /** `completion_percent`: how much of it is done, 0–100. */
  completionPercent?: number;
}

const SUBJECT = "Reading campaign statistics";

/**
 * Read `GET outbounds/stats`, sorted by id.
 *
 * @throws ApiError from the request (a 403 when the API user may not read statistics), or
 *   kind `protocol` when the answer holds no list.
 */
export async function readOutboundStats(
  api: Pick<CampaignApi, "getText" | "redact">,
  control?: RequestControl,
): Promise<OutboundStat[]> {
  const page = findListPage(await api.getText("/outbounds/stats", SUBJECT, control), api.redact);
  if (!("items" in page))
    throw new ApiError(
      `${SUBJECT}: the answer to GET outbounds/stats is not the documented list: it is ${page.seen}.`,
      { messages: [], fatal: false, kind: "protocol", attempts: 1 },
    );
  const stats: OutboundStat[] = [];
  for (const item of page.items) {
    if (!isPlainObject(item)) continue;
    const id = readLiveId(item.id);
    if (id === undefined) continue;
    const stat: OutboundStat = { id };
    const records = readInteger(item.records_count);
    if (records !== undefined) stat.recordsCount = records;
    const percent = readNumber(item.completion_percent);
    if (percent !== undefined) stat.completionPercent = percent;
    stats.push(stat);
  }
  return stats.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
