/**
 * The list reader: `GET outbounds` (and its further pages) → LiveCampaign values, or one
 * clear error. The one place that knows how the undocumented list is read (live-reads.md):
 * finding the list is list-body.ts, reading an item is live-item.ts, and the requests go
 * through the client, so auth, deadlines, retries, redaction and error wording are its own.
 */
import { type CampaignFields, FIELD_ORDER } from "../../core/campaign.js";
import type { LiveCampaign } from "../../core/live-campaign.js";
import { ApiError } from "../../errors.js";
import type { CampaignApi, RequestControl } from "./api.js";
import { findListPage, LIST_KEYS, type ListPage } from "./list-body.js";
import { readLiveItem } from "./live-item.js";

/** Campaigns asked for per further page (`?limit=100&offset=N`). */
export const PAGE_SIZE = 100;

const SUBJECT = "Listing campaigns";

/** What the list showed. */
export interface LiveList {
  /** Every campaign with a usable id, sorted by id; of a repeated id, the first read. */
  campaigns: LiveCampaign[];
  /** Items skipped because they had no usable id (or were not objects). */
  skipped: number;
  /** Items whose id had been read already (overlapping pages); not counted twice. */
  duplicates: number;
  /** Requests made: the first `GET outbounds` and every further page. */
  requests: number;
  /** Where the list was found: the body itself, or the wrapper key holding it. */
  where: ListPage["where"];
  /** The wrapper's `count` (or `total`), when it had one. */
  count?: number;
  /**
   * The fields present in at least one item (readable or not), in the schema's order: what
   * the list shows at all. A field never shown can never be compared.
   */
  fieldsShown: (keyof CampaignFields)[];
}

/** The client call the reader needs (any CampaignApi has it). */
export type ListApi = Pick<CampaignApi, "getText" | "redact">;

/**
 * Read the whole list. Pages: when the wrapper's `count`/`total` exceeds the items received,
 * `?limit=100&offset=N` is asked for until `count` items are read or a page comes back
 * empty, at most ceil(count/100)+1 further requests.
 *
 * @throws ApiError (kind `protocol`) when an answer holds no recognisable list, or when
 *   fewer distinct campaigns came back than `count` promised (so no caller can take a
 *   campaign missing from a short list for one missing from Thulium); any ApiError of
 *   the request itself.
 */
export async function readLiveList(api: ListApi, control?: RequestControl): Promise<LiveList> {
  const first = await fetchPage(api, "/outbounds", control);
  const pages: unknown[][] = [first.items];
  let received = first.items.length;
  let requests = 1;
  const count = first.count;
  if (count !== undefined && count > received) {
    const maxRequests = Math.ceil(count / PAGE_SIZE) + 1;
    for (let loop = 0; loop < maxRequests && received < count; loop++) {
      const page = await fetchPage(
        api,
        `/outbounds?limit=${PAGE_SIZE}&offset=${received}`,
        control,
        received,
      );
      requests += 1;
      if (page.items.length === 0) break;
      pages.push(page.items);
      received += page.items.length;
    }
  }

  const byId = new Map<string, LiveCampaign>();
  let skipped = 0;
  let duplicates = 0;
  for (const item of pages.flat()) {
    const campaign = readLiveItem(item);
    if (campaign === undefined) skipped += 1;
    else if (byId.has(campaign.id)) duplicates += 1;
    else byId.set(campaign.id, campaign);
  }
  if (count !== undefined && byId.size + skipped < count)
    throw shortList(count, byId.size + skipped, requests);

  const campaigns = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    campaigns,
    skipped,
    duplicates,
    requests,
    where: first.where,
    ...(count === undefined ? {} : { count }),
    fieldsShown: FIELD_ORDER.filter((field) => campaigns.some((c) => shows(c, field))),
  };
}

async function fetchPage(
  api: ListApi,
  path: string,
  control: RequestControl | undefined,
  offset?: number,
): Promise<ListPage> {
  const page = findListPage(await api.getText(path, SUBJECT, control), api.redact);
  if ("items" in page) return page;
  const which =
    offset === undefined ? "GET outbounds" : `GET outbounds (the page at offset ${offset})`;
  throw protocolError(
    `${SUBJECT}: the answer to ${which} holds no list of campaigns this tool recognises: it is ${page.seen}. The campaigns are looked for in the answer itself when it is a JSON array, else under the first of the keys ${LIST_KEYS.join(", ")} holding an array. Run \`thulium-campaigns doctor --show-shape\` and report its output (it shows the answer's key names and types, never its values).`,
  );
}

function shortList(count: number, read: number, requests: number): ApiError {
  return protocolError(
    `${SUBJECT}: Thulium's list says there are ${count} campaigns, but only ${read} distinct ones came back in ${requests} requests (further pages asked for with ?limit=${PAGE_SIZE}&offset=N): the list changed while it was read, or Thulium does not page it this way. Run the command again; if this repeats, run \`thulium-campaigns doctor --show-shape\` and report its output.`,
  );
}

function protocolError(message: string): ApiError {
  return new ApiError(message, { messages: [], fatal: false, kind: "protocol", attempts: 1 });
}

/** Whether an item carried the field at all (a readable or an unreadable value). */
function shows(campaign: LiveCampaign, field: keyof CampaignFields): boolean {
  if (field in campaign.fields) return true;
  return campaign.unreadable.some((path) => path === field || path.startsWith(`${field}.`));
}
