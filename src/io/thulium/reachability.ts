/**
 * Can THULIUM_URL be reached at all? One GET of `$THULIUM_URL/outbounds`, sent WITHOUT
 * credentials (nothing secret travels before TCP and TLS are known to work), never retried,
 * over the client's own node:http adapter (so TLS trust, NODE_EXTRA_CA_CERTS and
 * decompression behave exactly as for every other request). Any HTTP answer, even a 401 or
 * an HTML page, means the server was reached; what went wrong otherwise is classified so
 * `doctor` can say what to change. Used by `doctor` only.
 */
import { httpFetch } from "./http-fetch.js";
import { type TlsProblem, tlsProblemOf } from "./tls-problem.js";

/** What one credential-less GET found. */
export type Reachability =
  /** The server answered with an HTTP status (any status: reaching it is what counts). */
  | { kind: "answered"; status: number }
  /** TCP worked, TLS did not (tls-problem.ts puts it in words). */
  | { kind: "tls"; problem: TlsProblem; code: string }
  /** Nothing accepts connections at that host and port. */
  | { kind: "refused"; code: string }
  /** The host name does not resolve. */
  | { kind: "unknown-host"; code: string }
  /** No answer within the time allowed. */
  | { kind: "timeout"; timeoutMs: number }
  /** Any other network failure, with Node's code and message. */
  | { kind: "network"; code: string; detail: string };

const UNKNOWN_HOST = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);

/**
 * GETs `${baseUrl}/outbounds` without credentials and reports what happened; never throws
 * for a network failure (only an abort through `signal` ends it with an error).
 *
 * @param baseUrl - the normalised THULIUM_URL (io/thulium/base-url.ts).
 * @param timeoutMs - how long to wait for the answer's headers.
 */
export async function probeReachability(
  baseUrl: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Reachability> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? deadline : AbortSignal.any([deadline, signal]);
  try {
    const response = await httpFetch(`${baseUrl}/outbounds`, {
      method: "GET",
      headers: { accept: "application/json", "user-agent": "thulium-campaigns doctor" },
      signal: combined,
    });
    // Only the status matters; the body is not read.
    await response.body?.cancel().catch(() => undefined);
    return { kind: "answered", status: response.status };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (deadline.aborted) return { kind: "timeout", timeoutMs };
    return classify(error);
  }
}

function classify(error: unknown): Reachability {
  // httpFetch reports network trouble as `TypeError: fetch failed` with the real error as cause.
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const code = String((cause as { code?: unknown } | null)?.code ?? "NETWORK_ERROR");
  const detail = cause instanceof Error ? cause.message : String(cause);
  const problem = tlsProblemOf(code, detail);
  if (problem !== undefined) return { kind: "tls", problem, code };
  if (code === "ECONNREFUSED") return { kind: "refused", code };
  if (UNKNOWN_HOST.has(code)) return { kind: "unknown-host", code };
  return { kind: "network", code, detail };
}
