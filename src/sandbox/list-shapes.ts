/**
 * `GET /api/outbounds` in the shape chosen by `listShape` (types.ts): Thulium does not
 * document its list, so the sandbox can answer in each plausible shape the list reader
 * must understand. Every shape lists the campaigns sorted by id.
 */
import type { CampaignStore } from "./store.js";
import type { ListShape, StoredCampaign } from "./types.js";

/** The most campaigns a `paged` answer holds, whatever `limit` asks for. */
export const MAX_PAGE = 100;

/** The list's JSON text. `query` is the request's query string (`limit`, `offset` for `paged`). */
export function listJson(store: CampaignStore, shape: ListShape, query: URLSearchParams): string {
  switch (shape) {
    case "plain":
      return store.toJson();
    case "partial":
      return JSON.stringify(store.list().map(partial));
    case "paged": {
      const limit = Math.min(MAX_PAGE, whole(query.get("limit"), 1) ?? MAX_PAGE);
      const offset = whole(query.get("offset"), 0) ?? 0;
      const campaigns = store.list();
      const data = campaigns.slice(offset, offset + limit).map(phpSpelt);
      return JSON.stringify({ count: campaigns.length, data });
    }
  }
}

/** A whole number of at least `min` from a query value; undefined when absent or malformed. */
function whole(text: string | null, min: number): number | undefined {
  if (text === null || !/^[0-9]{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min ? value : undefined;
}

/** As a PHP back end over MySQL would spell it: strings for numbers and flags, DATETIMEs, nulls. */
function phpSpelt(campaign: StoredCampaign): Record<string, unknown> {
  return {
    id: campaign.id,
    ...(campaign.name === undefined ? {} : { name: campaign.name }),
    ...(campaign.dialer === undefined ? {} : { dialer: campaign.dialer }),
    active: campaign.active ? "1" : "0",
    start_date: `${campaign.start_date} 00:00:00`,
    end_date: campaign.end_date === undefined ? null : `${campaign.end_date} 00:00:00`,
    order: String(campaign.order),
    parity: String(campaign.parity),
    parameters: campaign.parameters === undefined ? null : JSON.stringify(campaign.parameters),
    group_id: campaign.group_id === undefined ? null : String(campaign.group_id),
  };
}

/** Ids as numbers, and no `group_id` or `parameters` key at all: fields the list does not show. */
function partial(campaign: StoredCampaign): Record<string, unknown> {
  const { id, group_id: _group, parameters: _parameters, ...shown } = campaign;
  return { id: Number(id), ...shown };
}
