/**
 * What a sandbox route answers (routes.ts, agent-routes.ts): `errors` makes a Thulium error
 * body; `json`/`rawJson` a JSON body; none, no body.
 */
import type { ApiErrorEntry } from "./validate.js";

export interface Reply {
  status: number;
  json?: unknown;
  /** A body already serialised as JSON. */
  rawJson?: string;
  errors?: ApiErrorEntry[];
  headers?: Record<string, string>;
  /** For the request log. */
  campaignId?: string;
  body?: unknown;
}
