/**
 * The bad-input corpus runner. Each case sets up a temp workspace, a bare counting HTTP
 * server on 127.0.0.1 (its behaviour scripted per case), runs the built CLI, and checks
 * the promises every failure must keep:
 * - exit 1, with a clear message on stderr matching the case, in one paragraph (no blank
 *   line), of bounded length;
 * - never a stack trace or "Internal error" (that would be a bug report, not a message);
 * - no request at all when the input itself is invalid;
 * - nothing written that should not be: every file in the workspace byte-identical.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "vitest";
import { type CliResult, needsOwnProcess, REPO, runBuiltCli, runCli } from "../../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../../helpers/sandbox.js";
import {
  type CampaignDoc,
  makeWorkspace,
  sampleCampaigns,
  type Workspace,
} from "../../helpers/workspace.js";

/** How the bare server answers each request (it has already read the body). */
export type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** A bare server that counts requests and answers with `behaviour` (default: 204). */
export interface CountingServer {
  url: string;
  readonly count: number;
  close(): Promise<void>;
}

export async function startCountingServer(behaviour?: Behaviour): Promise<CountingServer> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    req.resume();
    req.on("end", () => {
      if (behaviour === undefined) {
        res.writeHead(204);
        res.end();
      } else behaviour(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    get count() {
      return count;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One bad input. */
export interface Case {
  name: string;
  /** CLI arguments. Default `apply --auto-approve`. */
  args?: string[];
  /** Campaigns written as `campaigns/c<id>.yaml`. Default: two valid ones. */
  campaigns?: CampaignDoc[];
  /** Further files by relative path (a Buffer for exact bytes). */
  files?: Record<string, string | Buffer>;
  /** Copies of test/fixtures/campaigns files, as `campaigns/<name>`. */
  fixtures?: string[];
  /** The environment; default THULIUM_URL (the counting server) and the test credentials. */
  env?: (server: CountingServer) => Record<string, string>;
  /** Extra environment on top of the default. */
  extraEnv?: Record<string, string>;
  /** How the server answers; default 204. */
  server?: Behaviour;
  /** Runs before the CLI, after the files are written (e.g. saves a real plan). */
  setup?: (workspace: Workspace, server: CountingServer) => Promise<void>;
  /** What stderr must say. */
  stderr: RegExp;
  /** Requests are expected (bad answers); otherwise the server must see none. */
  sendsRequests?: boolean;
  /** Must not appear on stderr (e.g. a misleading explanation). */
  notStderr?: RegExp;
  /** Runs after the checks, before the workspace is removed (e.g. a planted FIFO is still one). */
  after?: (workspace: Workspace) => Promise<void>;
}

/** The default environment: the counting server as THULIUM_URL, test credentials, fast retries. */
export function defaultEnv(server: CountingServer): Record<string, string> {
  return {
    THULIUM_URL: server.url,
    THULIUM_USER: TEST_USER,
    THULIUM_PASSWORD: TEST_PASSWORD,
    THULIUM_RETRIES: "2",
    THULIUM_RETRY_BASE_MS: "0",
    THULIUM_TIMEOUT_MS: "2000",
  };
}

/** Runs one case and checks every promise; returns the result for case-specific checks. */
export async function runCase(c: Case): Promise<CliResult> {
  const workspace = await makeWorkspace(c.campaigns ?? sampleCampaigns(2));
  const server = await startCountingServer(c.server);
  try {
    for (const [relative, content] of Object.entries(c.files ?? {}))
      await workspace.writeFile(relative, content as string);
    for (const name of c.fixtures ?? [])
      await workspace.writeFile(
        path.join("campaigns", name),
        (await readFile(
          path.join(REPO, "test", "fixtures", "campaigns", name),
        )) as unknown as string,
      );
    await c.setup?.(workspace, server);
    const before = await snapshot(workspace);
    const countBefore = server.count;
    const env = { ...(c.env ?? defaultEnv)(server), ...c.extraEnv };
    // In-process, unless the case sets what only Node's start-up reads (a CA file).
    const run = needsOwnProcess(env) ? runBuiltCli : runCli;
    const result = await run(c.args ?? ["apply", "--auto-approve"], {
      cwd: workspace.dir,
      env,
    });
    const shown = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(result.code, shown).toBe(1);
    expect(result.stderr, shown).toMatch(c.stderr);
    if (c.notStderr !== undefined) expect(result.stderr, shown).not.toMatch(c.notStderr);
    expect(result.stderr, shown).not.toMatch(/Internal error|^\s+at /m);
    expect(result.stdout, shown).not.toMatch(/^\s+at /m);
    expect(result.stderr.trim(), `${shown}\n(more than one paragraph)`).not.toMatch(/\n\s*\n/);
    expect(result.stderr.length, shown.slice(0, 2000)).toBeLessThan(4000);
    if (!c.sendsRequests) expect(server.count - countBefore, "requests sent").toBe(0);
    else expect(server.count - countBefore, "requests sent").toBeGreaterThan(0);
    const after = await snapshot(workspace);
    // An apply that tried to send journals it (issue 14), failures included: the one
    // file it may add, and only to say that nothing was applied.
    const journal = after.get(JOURNAL);
    if (journal !== undefined && !before.has(JOURNAL)) {
      const lines = Buffer.from(journal, "base64").toString("utf8").trim().split("\n");
      expect(lines, "one journal line").toHaveLength(1);
      const entry = JSON.parse(lines[0] ?? "") as { counts: { applied: number } };
      expect(entry.counts.applied, "journal: campaigns applied").toBe(0);
      after.delete(JOURNAL);
    }
    expect(after, "files written or changed").toEqual(before);
    await c.after?.(workspace);
    return result;
  } finally {
    await server.close();
    await workspace.cleanup();
  }
}

/** The apply journal beside the default state file. */
const JOURNAL = ".thulium/journal.jsonl";

/** Every file in the workspace, as bytes (base64, so binary fixtures compare exactly). */
async function snapshot(workspace: Workspace): Promise<Map<string, string>> {
  const files = await workspace.readAllFiles();
  const bytes = new Map<string, string>();
  for (const name of [...files.keys()].sort())
    bytes.set(name, (await readFile(path.join(workspace.dir, name))).toString("base64"));
  return bytes;
}
