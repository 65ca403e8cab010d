/**
 * Secrets, for `import`: a server echoing the credentials (in its error bodies, in the list's
 * key names, on a later page) never gets them into import's output, its files or its state;
 * and neither does a successful import, whose files name the target without credentials.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace } from "../helpers/workspace.js";
import { type CountingServer, startCountingServer } from "./helpers/corpus.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

const BASIC = Buffer.from(`${SECRET_USER}:${SECRET_PASSWORD}`).toString("base64");

/** Everything the credentials could be echoed as, in one JSON object's keys and values. */
function echo(req: IncomingMessage): string {
  return JSON.stringify({
    [SECRET_PASSWORD]: SECRET_PASSWORD,
    [BASIC]: req.headers.authorization ?? "",
    [encodeURIComponent(SECRET_PASSWORD)]: 1,
    error: `bad password ${SECRET_PASSWORD} for ${req.headers.authorization}`,
  });
}

async function serve(behaviour: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: CountingServer = await startCountingServer(behaviour);
  closers.push(() => server.close());
  return server;
}

async function importAgainst(url: string) {
  const ws = await makeWorkspace([]);
  closers.push(() => ws.cleanup());
  const result = await runCli(["import", "--all"], {
    cwd: ws.dir,
    env: {
      THULIUM_URL: url,
      THULIUM_USER: SECRET_USER,
      THULIUM_PASSWORD: SECRET_PASSWORD,
      THULIUM_RETRIES: "2",
      THULIUM_RETRY_BASE_MS: "0",
    },
  });
  const seen = new Map([
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ]);
  for (const [file, text] of await ws.readAllFiles()) seen.set(file, text);
  return { result, seen, ws };
}

describe("import never shows the credentials", () => {
  it.each([
    [401, "refused credentials"],
    [500, "a server error"],
    [200, "a list whose keys echo them"],
  ])("an answer %i echoing them (%s): none in output or files; nothing written", async (status) => {
    const server = await serve((req, res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(echo(req));
    });
    const { result, seen, ws } = await importAgainst(server.url);
    expect(result.code).toBe(1);
    expectNothingSecret(seen);
    expect(await ws.readState()).toBeUndefined();
  });

  it("a successful import: files and state name the target, never the credentials", async () => {
    const sandbox = await startTestSandbox({ user: SECRET_USER, password: SECRET_PASSWORD });
    closers.push(() => sandbox.close());
    sandbox.store.create({ name: "Sprzedaż", dialer: "preview", order: 1, parity: 1 }, "00001");
    const url = new URL(sandbox.url);
    const { result, seen } = await importAgainst(url.href);
    expect(result.code, result.stderr).toBe(0);
    expect([...seen.keys()].some((file) => file.endsWith(".yaml"))).toBe(true);
    expectNothingSecret(seen);
  });
});
