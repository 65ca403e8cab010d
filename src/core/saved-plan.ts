/**
 * A plan as `plan --out` saves it: the plan plus what it was computed from. Read and
 * written by io/plan-file.ts, checked by io/plan-file-shape.ts.
 */
import type { Plan, PlanOptions } from "./plan.js";

/** A plan as saved by `plan --out`: the plan plus what it was computed from. */
export interface SavedPlan extends Plan {
  /** The state's lineage when the plan was made (null: no state file yet). */
  lineage: string | null;
  /** The state's serial when the plan was made (0: no state file yet). */
  serial: number;
  /** SHA-256 (hex) of the declared campaigns' fingerprint; see {@link declaredHash}. */
  declared_sha256: string;
  /** The `--only`, `--prune` and `--refresh` the plan was made with. */
  options: SavedPlanOptions;
  /**
   * With `--refresh`: SHA-256 (hex) of the live campaigns the plan covers, as the list showed
   * them (core/refresh.ts liveFingerprint); `apply FILE` re-reads the list and compares.
   */
  live_sha256?: string;
  /** The target the plan was made for, when known (null: plan ran without THULIUM_URL). */
  target?: string | null;
  /** ISO 8601 time the plan was made; informational only. */
  created_at: string;
}

/** The options a saved plan carries; `refresh` only when true (older plans lack it). */
export interface SavedPlanOptions extends PlanOptions {
  refresh?: true;
}
