/**
 * The sandbox server: a Thulium-compatible outbound campaigns API on node:http, for tests,
 * demos and `--sandbox`. No synchronous I/O on the request path, faults decided by cheap
 * dice, and the data file written in coalesced batches — so with latency injected, request
 * time is the latency and nothing else, and the sandbox never paces a benchmark.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { localDate } from "../core/local-date.js";
import { ADMIN_AGENTS_PATH, adminAgentsRoute } from "./admin-agents.js";
import { ADMIN_EDIT_PATH, adminEditRoute } from "./admin-edit.js";
import { createFaultDice, Delays, type FaultDecision } from "./faults.js";
import {
  basicAuthChecker,
  readBody,
  requestIdGenerator,
  sendErrors,
  sendJson,
  sendJsonText,
} from "./http.js";
import { CoalescingWriter, loadSandboxData } from "./persist.js";
import { pathOf, type Reply, route } from "./routes.js";
import { CampaignStore } from "./store.js";
import type { RequestRecord, SandboxOptions, SandboxStats } from "./types.js";
import { CODES } from "./validate.js";

/** A running sandbox. */
export interface Sandbox {
  /** The API base, e.g. `http://127.0.0.1:41234/api`: use it as THULIUM_URL. */
  url: string;
  port: number;
  /** The campaigns, for tests to seed and inspect directly. */
  store: CampaignStore;
  /** Live request counts. */
  stats: SandboxStats;
  /** Stop accepting, cut requests still waiting on injected delays, and flush the data file. */
  close(): Promise<void>;
}

/** Start a sandbox and resolve once it accepts connections. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dice = createFaultDice(options.faults);
  const retryAfter = String(options.faults?.retryAfterSeconds ?? 1);
  const initial =
    options.dataFile === undefined
      ? { campaigns: [], agents: {} }
      : await loadSandboxData(options.dataFile);
  let writer: CoalescingWriter | undefined;
  const store = new CampaignStore(
    {
      semantics: options.putSemantics ?? "merge",
      today: options.today ?? (() => localDate(new Date())),
      onChange: () => writer?.markDirty(),
    },
    initial.campaigns,
    initial.agents,
  );
  if (options.dataFile !== undefined)
    writer = new CoalescingWriter(options.dataFile, () => store.serialise());

  const stats: SandboxStats = {
    requests: 0,
    byMethod: {},
    byStatus: {},
    faults: { dropped: 0, rateLimited: 0, failed: 0, slowed: 0 },
  };
  const listShape = options.listShape ?? "plain";
  const isAuthorised = basicAuthChecker(options.user ?? "api_user", options.password ?? "api_pass");
  const nextRequestId = requestIdGenerator();
  const delays = new Delays();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = nextRequestId();
    const method = req.method ?? "GET";
    stats.requests += 1;
    stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
    const record = (reply: Reply | { status: 0 }, fault?: RequestRecord["fault"]) => {
      stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
      if (options.onRequest === undefined) return;
      const entry: RequestRecord = {
        method,
        path: req.url ?? "/",
        status: reply.status,
        requestId,
      };
      if ("campaignId" in reply && reply.campaignId !== undefined)
        entry.campaignId = reply.campaignId;
      if ("body" in reply && reply.body !== undefined) entry.body = reply.body;
      if (fault !== undefined) entry.fault = fault;
      options.onRequest(entry);
    };

    // Receive the body now, as a server does; the injected delay is processing time.
    readBody(req).catch(() => {}); // a failure is met again, and answered, by the route
    // The panel stand-in is no part of the API: never faulted (nor does it roll the dice, so
    // a seed gives the API requests the same faults with or without edits in between).
    const adminEdit = ADMIN_EDIT_PATH.exec(pathOf(req.url))?.[1];
    const adminAgents = ADMIN_AGENTS_PATH.exec(pathOf(req.url))?.[1];
    const admin = adminEdit !== undefined || adminAgents !== undefined;
    const fault = admin ? NO_FAULT : dice();
    if (fault.slow) stats.faults.slowed += 1;
    if (fault.delayMs > 0 && !(await delays.wait(fault.delayMs))) {
      req.socket.destroy(); // closing: the request is cut, never processed
      return record({ status: 0 }, "drop");
    }
    if (fault.drop) {
      stats.faults.dropped += 1;
      req.socket.destroy();
      return record({ status: 0 }, "drop");
    }
    if (fault.status !== undefined) {
      const reply = injectedFailure(fault.status, retryAfter);
      if (fault.status === 429) stats.faults.rateLimited += 1;
      else stats.faults.failed += 1;
      send(res, reply, requestId);
      return record(reply, fault.status === 429 ? "rate-limit" : "failure");
    }
    if (!isAuthorised(req.headers.authorization)) {
      const reply: Reply = {
        status: 401,
        errors: [{ message: "Wrong user or password.", code: CODES.unauthorized }],
        headers: { "WWW-Authenticate": 'Basic realm="Thulium API", charset="UTF-8"' },
      };
      send(res, reply, requestId);
      return record(reply);
    }
    let reply: Reply;
    try {
      reply =
        adminEdit !== undefined
          ? await adminEditRoute(req, store, safeDecode(adminEdit))
          : adminAgents !== undefined
            ? await adminAgentsRoute(req, store, safeDecode(adminAgents))
            : await route(req, store, listShape);
    } catch (error) {
      reply = {
        status: 500,
        errors: [
          { message: `Sandbox error: ${(error as Error).message}`, code: CODES.serverError },
        ],
      };
    }
    send(res, reply, requestId);
    record(reply, fault.slow ? "slow" : undefined);
  };

  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      delays.cancelAll();
      server.closeIdleConnections();
      // Requests still mid-body or mid-response get a moment, then their sockets go.
      const grace = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(grace);
      await writer?.flush();
    })();
    return closed;
  };

  return { url: `http://${host}:${address.port}/api`, port: address.port, store, stats, close };
}

const NO_FAULT: FaultDecision = { drop: false, delayMs: 0, slow: false };

/** A path segment decoded; left as it is when malformed (then no campaign has that id). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: ServerResponse, reply: Reply, requestId: string): void {
  if (res.destroyed) return;
  if (reply.errors !== undefined)
    sendErrors(res, reply.status, requestId, reply.errors, reply.headers);
  else if (reply.json !== undefined)
    sendJson(res, reply.status, reply.json, requestId, reply.headers);
  else if (reply.rawJson !== undefined)
    sendJsonText(res, reply.status, reply.rawJson, requestId, reply.headers);
  else {
    res.writeHead(reply.status, { "X-Request-Id": requestId, ...reply.headers });
    res.end();
  }
}

function injectedFailure(status: 429 | 500 | 503, retryAfter: string): Reply {
  const messages = {
    429: ["Too many requests.", CODES.rateLimited],
    500: ["Internal server error.", CODES.serverError],
    503: ["Service temporarily unavailable.", CODES.unavailable],
  } as const;
  const [message, code] = messages[status];
  return {
    status,
    errors: [{ message, code }],
    ...(status === 500 ? {} : { headers: { "Retry-After": retryAfter } }),
  };
}
