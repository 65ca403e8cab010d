/**
 * Fault injection. Each request rolls the same number of dice in the same order, so with
 * a seed the faults depend only on the order requests arrive in — a sequential client
 * sees the same faults on every run.
 */
import type { FaultOptions } from "./types.js";

/** What to do to one request. */
export interface FaultDecision {
  /** Destroy the connection without answering. */
  drop: boolean;
  /** Answer this status without processing the request. */
  status?: 429 | 500 | 503;
  /** Wait this long before answering (latency plus any slowness), in ms. */
  delayMs: number;
  slow: boolean;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; good enough for dice. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Check rates and delays; throws RangeError naming the bad option. */
export function checkFaults(faults: FaultOptions): void {
  for (const key of ["failureRate", "rateLimitRate", "dropRate", "slowRate"] as const) {
    const value = faults[key];
    if (value !== undefined && !(value >= 0 && value <= 1))
      throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
  }
  for (const key of ["latencyMs", "slowMs", "retryAfterSeconds"] as const) {
    const value = faults[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RangeError(`${key} must be a number of at least 0, got ${value}`);
  }
}

/** A function deciding the fault for each request in turn. */
export function createFaultDice(faults: FaultOptions = {}): () => FaultDecision {
  checkFaults(faults);
  const random = faults.seed === undefined ? Math.random : seededRandom(faults.seed);
  const latency = faults.latencyMs ?? 0;
  const slowMs = faults.slowMs ?? 1000;
  return () => {
    // Always five rolls, whatever the outcome, so one fault does not shift the next ones.
    const [drop, limit, fail, which, slow] = [random(), random(), random(), random(), random()];
    const isSlow = slow < (faults.slowRate ?? 0);
    const decision: FaultDecision = {
      drop: drop < (faults.dropRate ?? 0),
      delayMs: latency + (isSlow ? slowMs : 0),
      slow: isSlow,
    };
    if (limit < (faults.rateLimitRate ?? 0)) decision.status = 429;
    else if (fail < (faults.failureRate ?? 0)) decision.status = which < 0.5 ? 500 : 503;
    return decision;
  };
}

/**
 * Injected delays, cancellable all at once when the server closes. Plain timers in a set:
 * a per-request AbortSignal listener would cost more and trip Node's listener-leak warning
 * once 11 requests wait together.
 */
export class Delays {
  readonly #pending = new Map<NodeJS.Timeout, (completed: boolean) => void>();

  /** Resolves true after `ms`, or false if cancelled first. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve(true);
      }, ms);
      this.#pending.set(timer, resolve);
    });
  }

  /** End every pending delay now, unsuccessfully. */
  cancelAll(): void {
    for (const [timer, resolve] of this.#pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.#pending.clear();
  }
}
