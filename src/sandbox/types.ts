/** Shapes shared by the sandbox's modules: its options, stored campaigns and statistics. */
import type { CampaignParameters, Dialer } from "../core/campaign.js";

/**
 * What `PUT outbounds/:id` does with fields left out of the body — Thulium does not say.
 * - `merge`: omitted fields keep their values; a partial `parameters` map is merged key by key.
 * - `reset`: the body replaces the campaign; omitted fields take the documented defaults
 *   (active true, start_date today, order 50, parity 50) or, having none, are removed;
 *   `parameters` is replaced whole.
 */
export type PutSemantics = "merge" | "reset";

/**
 * How `GET outbounds` spells its answer, whose shape Thulium does not document (the list
 * reader must cope with each; README "sandbox" describes them):
 * - `plain`: a JSON array of typed campaigns (the default);
 * - `paged`: `{"count": N, "data": [...]}`, 100 at a time by `?limit=&offset=`, values
 *   spelt as a PHP back end would (`"1"`/`"0"`, `"50"`, `"2027-01-05 00:00:00"`, `null`,
 *   `parameters` as a JSON string);
 * - `partial`: a typed array with ids as numbers and without `group_id` and `parameters`.
 */
export type ListShape = "plain" | "paged" | "partial";

/** Faults to inject, for tests and demos. Rates are probabilities per request, 0–1. */
export interface FaultOptions {
  /** Delay before every response, in ms. Default 0. */
  latencyMs?: number;
  /** Share of requests answered 500 or 503 (half each) without being processed. Default 0. */
  failureRate?: number;
  /** Share of requests answered 429 with `Retry-After`. Default 0. */
  rateLimitRate?: number;
  /** The `Retry-After` sent with 429 and 503, in whole seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Share of requests whose connection is destroyed without an answer. Default 0. */
  dropRate?: number;
  /** Share of requests delayed by a further `slowMs` (to trip client timeouts). Default 0. */
  slowRate?: number;
  /** Extra delay of a slow request, in ms. Default 1000. */
  slowMs?: number;
  /** Seed for the fault dice: the same seed gives the same faults in request order. */
  seed?: number;
}

/** How to run a sandbox. */
export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`: the sandbox is for this machine only. */
  host?: string;
  /** JSON file the campaigns persist in (atomic writes); in memory only when absent. */
  dataFile?: string;
  /** API user. Default `api_user`, as in Thulium's documentation examples. */
  user?: string;
  /** API password. Default `api_pass`. */
  password?: string;
  /** PUT semantics for omitted fields. Default `merge`. */
  putSemantics?: PutSemantics;
  /** How `GET outbounds` spells the list. Default `plain`. */
  listShape?: ListShape;
  faults?: FaultOptions;
  /** Today's date as YYYY-MM-DD, for the `start_date` default. Default: the local date. */
  today?: () => string;
  /** Told about every request once it is answered (or dropped). */
  onRequest?: (record: RequestRecord) => void;
}

/** A campaign as the sandbox stores and lists it. */
export interface StoredCampaign {
  id: string;
  name?: string;
  dialer?: Dialer;
  active: boolean;
  start_date: string;
  end_date?: string;
  order: number;
  parity: number;
  parameters?: CampaignParameters;
  group_id?: number;
}

/** One request, as the sandbox saw and answered it. */
export interface RequestRecord {
  method: string;
  path: string;
  /** The campaign id in the path, when there is one. */
  campaignId?: string;
  /** The status sent; 0 when the connection was dropped. */
  status: number;
  requestId: string;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
  fault?: "drop" | "rate-limit" | "failure" | "slow";
}

/** Running counts, updated live. */
export interface SandboxStats {
  requests: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  faults: { dropped: number; rateLimited: number; failed: number; slowed: number };
}
