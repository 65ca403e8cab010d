/**
 * `doctor`: check the set-up end to end and say what to fix, reading only. Every outside
 * system comes in as a parameter (the environment, the campaign-file loader, the state and
 * lock readers, the probe and the Thulium API factory), so the checks can be run against
 * anything; the result is data, rendered by cli/render/doctor-*.ts.
 *
 * Nothing here writes: the state is read, the lock is only looked at (never taken, never
 * broken), and Thulium only receives GETs. A check that needs another one which did not pass
 * is `skipped`, naming it, rather than failing a second time for the same cause.
 */
import type { State } from "../core/state.js";
import { InterruptedError } from "../errors.js";
import type { CampaignApi, ClientOptions, Reachability } from "../io/thulium/index.js";
import {
  DEFAULTS,
  type LiveList,
  listSkeleton,
  type OutboundStat,
  readLiveList,
  readOutboundStats,
} from "../io/thulium/index.js";
import {
  CHECK_NAMES,
  type CheckName,
  type DoctorCheck,
  fail,
  ok,
  passed,
  skipped,
} from "./doctor-check.js";
import { checkDeclaredIds, checkFields, checkList, checkStats } from "./doctor-list-checks.js";
import {
  type CampaignFilesRead,
  checkCampaignFiles,
  checkLock,
  checkState,
  checkStateTarget,
  type LockReading,
  type StateRead,
} from "./doctor-local-checks.js";
import { checkCredentials, checkReachability, type TargetKind } from "./doctor-reach-checks.js";
import {
  checkEnvPresent,
  checkEnvSandbox,
  checkNode,
  checkUrl,
  readClientOptions,
} from "./doctor-setup-checks.js";

export type { CheckName, CheckStatus, DoctorCheck } from "./doctor-check.js";
export type { CampaignFilesRead, LockHolder, LockReading } from "./doctor-local-checks.js";

/** The reads doctor makes of Thulium (any CampaignApi has them). */
export type DoctorApi = Pick<CampaignApi, "getText" | "redact">;

/** The in-process sandbox, once started for the checks. */
export interface StartedSandbox {
  /** Its API base, `http://127.0.0.1:PORT/api`. */
  url: string;
  user: string;
  password: string;
  close(): Promise<void>;
}

/** What the checks run against. */
export type DoctorTarget =
  /** Thulium as THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD say. */
  | { kind: "env" }
  /** The built-in sandbox, started for the checks and stopped after them. */
  | {
      kind: "sandbox";
      /** The target name a sandbox state records ("sandbox"). */
      name: string;
      /** Its data file, as messages name it. */
      dataFile: string;
      start(): Promise<StartedSandbox>;
    };

/** doctor's dependencies. */
export interface DoctorDeps {
  /** `process.versions.node`. */
  nodeVersion: string;
  /** THULIUM_* are read from it; the user's and password's values never reach the result. */
  env: Readonly<Record<string, string | undefined>>;
  target: DoctorTarget;
  loadCampaignFiles(): Promise<CampaignFilesRead>;
  /** Reads the state file; throws StateError for an unreadable one. */
  readState(): Promise<State>;
  /** Looks at the lock file without taking it. */
  readLock(): Promise<LockReading>;
  /** One GET without credentials (io/thulium/reachability.ts). */
  probe(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<Reachability>;
  /** The Thulium client for these options; throws UsageError for unusable ones. */
  createApi(options: ClientOptions): DoctorApi;
  /** How files and commands are named in findings (display paths). */
  labels: { dir: string; stateFile: string; lockFile: string; validate: string };
  /** Also return the skeleton of the list's first answer. */
  showShape: boolean;
  /** Ctrl-C: stops the checks (InterruptedError). */
  signal?: AbortSignal;
}

/** The skeleton of `GET outbounds`' answer, or why there is none. */
export type ShapeResult = { skeleton: unknown } | { unavailable: string };

export interface DoctorResult {
  /** True when no essential check failed (doctor-check.ts ESSENTIAL). */
  ok: boolean;
  /** Every check, in CHECK_NAMES order. */
  checks: DoctorCheck[];
  /** Only when asked for with `showShape`. */
  shape?: ShapeResult;
}

/** Runs every check; throws only InterruptedError (Ctrl-C) or a bug. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorResult> {
  const found = new Map<CheckName, DoctorCheck>();
  const put = (check: DoctorCheck) => found.set(check.name, check);
  put(checkNode(deps.nodeVersion));

  const connection = await connect(deps, put);
  try {
    const remote = await remoteChecks(deps, connection, put);
    await localChecks(deps, connection.stateTarget, remote.list, put);
    const checks = CHECK_NAMES.map((name) => found.get(name) ?? missingCheck(name));
    const result: DoctorResult = { ok: !checks.some((c) => c.status === "fail"), checks };
    if (deps.showShape) result.shape = remote.shape;
    return result;
  } finally {
    await connection.close();
  }
}

/** Where the checks go, as far as the settings allow. */
interface Connection {
  kind: TargetKind;
  /** The normalised API base, when the URL check passed. */
  baseUrl?: string;
  /** Client options, when the credentials are there to send. */
  options?: ClientOptions;
  /** The target a state must be bound to, when known. */
  stateTarget?: string;
  close(): Promise<void>;
}

/** The env and url checks, and the connection they allow. */
async function connect(deps: DoctorDeps, put: (check: DoctorCheck) => void): Promise<Connection> {
  const { target } = deps;
  if (target.kind === "sandbox") {
    put(checkEnvSandbox());
    let sandbox: StartedSandbox;
    try {
      sandbox = await target.start();
    } catch (error) {
      put(
        fail(
          "url",
          `the built-in sandbox could not start: ${error instanceof Error ? error.message : String(error)}`,
          `repair or delete ${target.dataFile} (the sandbox's data), then run doctor --sandbox again`,
        ),
      );
      return { kind: "sandbox", close: async () => {} };
    }
    put(
      ok(
        "url",
        `the built-in sandbox, started for these checks at ${sandbox.url} with the campaigns in ${target.dataFile} (read, never written)`,
      ),
    );
    const { url, user, password } = sandbox;
    return {
      kind: "sandbox",
      baseUrl: url,
      options: { baseUrl: url, user, password },
      stateTarget: target.name,
      close: () => sandbox.close(),
    };
  }

  const env = checkEnvPresent(deps.env);
  const raw = deps.env.THULIUM_URL ?? "";
  const url =
    raw === "" ? { check: skipped("url", "THULIUM_URL is not set (see env)") } : checkUrl(raw);
  put(url.check);
  const connection: Connection = { kind: "env", close: async () => {} };
  if (url.baseUrl === undefined) {
    put(env);
    return connection;
  }
  connection.baseUrl = url.baseUrl;
  connection.stateTarget = url.baseUrl;
  if (!passed(env)) {
    put(env);
    return connection;
  }
  const read = readClientOptions(deps.env);
  if ("check" in read) put(read.check);
  else {
    put(env);
    connection.options = read.options;
  }
  return connection;
}

/** What the network checks leave for the others. */
interface RemoteOutcome {
  /** The list, when it was read and recognised. */
  list?: LiveList;
  shape: ShapeResult;
}

async function remoteChecks(
  deps: DoctorDeps,
  connection: Connection,
  put: (check: DoctorCheck) => void,
): Promise<RemoteOutcome> {
  const names = ["reachability", "credentials", "list", "fields", "stats"] as const;
  const skipAll = (
    from: number,
    needs: string,
    shape = `GET outbounds was not read (${needs})`,
  ) => {
    for (const name of names.slice(from)) put(skipped(name, needs));
    return { shape: { unavailable: shape } };
  };
  const { baseUrl, options } = connection;
  if (baseUrl === undefined) return skipAll(0, "needs url, which did not pass");

  const timeoutMs = options?.timeoutMs ?? DEFAULTS.timeoutMs;
  const reach = await deps.probe(baseUrl, timeoutMs, deps.signal).catch((error: unknown) => {
    interrupted(deps.signal);
    throw error;
  });
  const reachability = checkReachability(baseUrl, reach, connection.kind);
  put(reachability);
  if (!passed(reachability)) return skipAll(1, "needs reachability, which failed");
  if (options === undefined)
    return skipAll(1, "needs env: THULIUM_USER and THULIUM_PASSWORD (and valid settings)");

  const api = deps.createApi(options);
  const control = deps.signal === undefined ? {} : { signal: deps.signal };
  // The list reader makes the first GET outbounds: its answer (or error) is kept, so one
  // request judges the credentials, the list and the shape together.
  const first: { text?: string; error?: unknown } = {};
  let calls = 0;
  const recording: DoctorApi = {
    redact: api.redact,
    async getText(path, subject, callOptions) {
      const isFirst = calls++ === 0;
      try {
        const text = await api.getText(path, subject, callOptions);
        if (isFirst) first.text = text;
        return text;
      } catch (error) {
        if (isFirst) first.error = error;
        throw error;
      }
    },
  };
  const read = await readLiveList(recording, control).then(
    (list) => ({ list }),
    (error: unknown) => ({ error }),
  );
  interrupted(deps.signal);
  const answered = first.text === undefined ? { error: first.error } : { text: first.text };
  const credentials = checkCredentials(answered, connection.kind);
  put(credentials);
  if (first.text === undefined)
    return skipAll(
      2,
      "needs credentials, which failed",
      "GET outbounds gave no answer to show (see the credentials check)",
    );
  const shape = { skeleton: listSkeleton(first.text, api.redact) };
  if (!passed(credentials)) return { ...skipAll(2, "needs credentials, which failed"), shape };

  const list = checkList(first.text, read, api.redact, deps.showShape);
  put(list);
  if ("list" in read && passed(list)) put(checkFields(read.list));
  else put(skipped("fields", "needs list, which failed"));

  const stats = await readOutboundStats(api, control).then(
    (found: OutboundStat[]) => ({ stats: found }),
    (error: unknown) => ({ error }),
  );
  interrupted(deps.signal);
  put(checkStats(stats));
  return {
    ...("list" in read && passed(list) ? { list: read.list } : {}),
    shape,
  };
}

async function localChecks(
  deps: DoctorDeps,
  stateTarget: string | undefined,
  list: LiveList | undefined,
  put: (check: DoctorCheck) => void,
): Promise<void> {
  const { labels } = deps;
  const files = await deps.loadCampaignFiles();
  put(checkCampaignFiles(files, labels));

  const state: StateRead = await deps.readState().then(
    (read) => ({ state: read }),
    (error: unknown) => ({ error }),
  );
  const stateCheck = checkState(state, labels.stateFile);
  put(stateCheck);
  if (!("state" in state)) put(skipped("state-target", "needs state, which failed"));
  else if (stateTarget === undefined) put(skipped("state-target", "needs url, which did not pass"));
  else put(checkStateTarget(state.state, stateTarget, labels.stateFile));

  put(checkLock(await deps.readLock(), labels.lockFile));

  if (list === undefined) put(skipped("declared-ids", "needs list, which did not pass"));
  else {
    const invalid = files.issues.some((issue) => issue.severity === "error");
    const kind = deps.target.kind;
    put(checkDeclaredIds(files.validIds, list, invalid, kind));
  }
}

function interrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new InterruptedError("Interrupted: doctor stopped before finishing its checks.");
}

/** Every path above puts every check; this only guards the checklist's completeness. */
function missingCheck(name: CheckName): DoctorCheck {
  return skipped(name, "not run (a bug in doctor; please report it)");
}
