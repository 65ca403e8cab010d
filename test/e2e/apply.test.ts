/**
 * `apply` end to end: the built CLI spawned with THULIUM_URL pointing at a sandbox (or a
 * bare loopback server) started in this process, which counts what it receives.
 * Every test also checks that the password leaks nowhere: output, state, any file.
 */

import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox, TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import {
  type CampaignDoc,
  declaredFields,
  makeWorkspace,
  sampleCampaigns,
} from "../helpers/workspace.js";
import { scriptedServer } from "../io/scripted-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  campaigns: readonly CampaignDoc[],
  options: Parameters<typeof startTestSandbox>[0] = {},
) {
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, options);
  const results: CliResult[] = [];
  /** Runs the CLI in the workspace against the sandbox (or `env` overrides). */
  const apply = async (args: string[], env: Record<string, string> = {}) => {
    const result = await runCli(args, { cwd: ws.dir, env: { ...sb.env(), ...env } });
    results.push(result);
    return result;
  };
  /** Nothing this test produced may carry the password. */
  const expectNoLeaks = async () =>
    expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  return { ws, sb, apply, expectNoLeaks };
}

const APPLY = ["apply", "--auto-approve"];

describe("apply (built CLI) against the sandbox", () => {
  it("first apply PUTs every campaign once; the second sends nothing and says No changes", async () => {
    const campaigns = sampleCampaigns(5);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);

    const first = await apply(APPLY);
    expect(first.code, first.stderr).toBe(0);
    expect(sb.requests.map((r) => r.method)).toEqual(Array(5).fill("PUT"));
    expect(
      sb
        .puts(204)
        .map((r) => r.campaignId)
        .sort(),
    ).toEqual(campaigns.map((c) => c.id));
    for (const c of campaigns) {
      expect(sb.puts().find((r) => r.campaignId === c.id)?.body).toEqual(declaredFields(c));
      expect(first.stdout).toMatch(
        new RegExp(`✓ ${c.id} "${c.name}" updated \\(first apply, 9 fields sent\\) \\d+ ms`),
      );
    }
    expect(first.stdout).toContain(
      "Apply complete! 5 updated, 0 forgotten, 0 deactivated, 0 failed.",
    );
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(
      campaigns.map((c) => c.id),
    );

    sb.clearRequests();
    const second = await apply(APPLY);
    expect(second).toMatchObject({
      code: 0,
      stdout: "No changes. The campaign files match the last-applied state.\n",
    });
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });

  it("changing k campaigns sends exactly k PUTs, each with the campaign's full declared fields", async () => {
    const campaigns = sampleCampaigns(6);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    expect((await apply(APPLY)).code).toBe(0);
    sb.clearRequests();

    const changed = [
      { ...(campaigns[1] as CampaignDoc), name: "Kampania zmieniona", order: 77 },
      { ...(campaigns[4] as CampaignDoc), parameters: { caller_id: "+48111" } },
      { ...(campaigns[5] as CampaignDoc), active: false },
    ];
    await ws.writeCampaigns(changed);
    const result = await apply(APPLY);
    expect(result.code, result.stderr).toBe(0);
    expect(sb.requests).toHaveLength(3);
    for (const c of changed) {
      const puts = sb.puts(204).filter((r) => r.campaignId === c.id);
      expect(puts.map((r) => r.body)).toEqual([declaredFields(c)]);
      expect(sb.store.get(c.id)).toEqual(c);
    }
    expect(result.stdout).toContain(
      "Plan: 3 to update, 0 to forget, 0 to deactivate, 3 unchanged.",
    );
    expect(result.stdout).toMatch(
      /✓ 00002 "Kampania zmieniona" updated \(2 fields changed, 9 sent\)/,
    );
    await expectNoLeaks();
  });

  it("a removed campaign is forgotten with no request; with --prune it gets one PUT of its last-applied fields with active: false", async () => {
    const campaigns = sampleCampaigns(4);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    expect((await apply(APPLY)).code).toBe(0);
    sb.clearRequests();

    await ws.removeCampaign("00004");
    const forgot = await apply(APPLY);
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(sb.requests).toEqual([]);
    expect(forgot.stdout).toContain('✓ 00004 "Kampania 4 – sprzedaż" forgotten');
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual([
      "00001",
      "00002",
      "00003",
    ]);

    await ws.removeCampaign("00003");
    const pruned = await apply([...APPLY, "--prune"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(sb.requests.map((r) => [r.method, r.campaignId, r.body, r.status])).toEqual([
      ["PUT", "00003", { ...declaredFields(campaigns[2] as CampaignDoc), active: false }, 204],
    ]);
    expect(pruned.stdout).toContain('✓ 00003 "Kampania 3 – sprzedaż" deactivated');
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00002"]);
    expect(sb.store.get("00003")?.active).toBe(false);
    expect(sb.store.get("00004")?.active).toBe(true);
    await expectNoLeaks();
  });

  it("a 404 fails only that campaign: exit 1, the summary names it, Thulium's message and request_id", async () => {
    const campaigns = sampleCampaigns(5);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    sb.store.delete("00002");

    const result = await apply([...APPLY, "--concurrency", "2"]);
    expect(result.code).toBe(1);
    const notFound = sb.puts(404);
    expect(notFound.map((r) => r.campaignId)).toEqual(["00002"]);
    expect(sb.puts(204)).toHaveLength(4);
    expect(result.stdout).toContain(
      "Apply incomplete: 4 updated, 0 forgotten, 0 deactivated, 1 failed.",
    );
    const summary = result.stderr.split("\n").find((line) => line.startsWith("  00002: "));
    expect(summary).toContain("Campaign 00002");
    expect(summary).toContain("Thulium says: Campaign 00002 not found");
    expect(summary).toContain(`(request_id ${notFound[0]?.requestId})`);
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual([
      "00001",
      "00003",
      "00004",
      "00005",
    ]);
    await expectNoLeaks();
  });

  it("a 401 stops at once: no more requests than --concurrency, exit 1, a clear message", async () => {
    const campaigns = sampleCampaigns(12);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns, { faults: { latencyMs: 30 } });
    const result = await apply([...APPLY, "--concurrency", "3"], {
      THULIUM_PASSWORD: "Wr0ng-Pa55!",
    });
    expect(result.code).toBe(1);
    expect(sb.requests.length).toBeGreaterThan(0);
    expect(sb.requests.length).toBeLessThanOrEqual(3);
    expect(sb.requests.every((r) => r.status === 401)).toBe(true);
    expect(result.stderr).toContain("Thulium refused the API user (HTTP 401), so the run stopped");
    expect(result.stderr).toContain("Check THULIUM_USER/THULIUM_PASSWORD");
    expect(await ws.readState()).toBeUndefined();
    await expectNoLeaks();
    expectNoSecrets([result], "Wr0ng-Pa55!", TEST_USER);
  });

  it("503 and 429 answers are retried (Retry-After honoured) and the run converges", async () => {
    const campaigns = sampleCampaigns(10);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns, {
      faults: { failureRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 0, seed: 7 },
    });
    const result = await apply([...APPLY, "--concurrency", "1"], { THULIUM_RETRIES: "8" });
    expect(result.code, result.stderr).toBe(0);
    expect(sb.puts(503).length).toBeGreaterThan(0);
    expect(sb.puts(429).length).toBeGreaterThan(0);
    expect(sb.puts(204).map((r) => r.campaignId)).toEqual(campaigns.map((c) => c.id));
    for (const c of campaigns) expect(sb.store.get(c.id)).toEqual(c);
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toHaveLength(10);

    sb.clearRequests();
    expect((await apply(APPLY)).stdout).toBe(
      "No changes. The campaign files match the last-applied state.\n",
    );
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });

  it("without --auto-approve and without a terminal: refused with a message, nothing sent", async () => {
    const { ws, sb, apply, expectNoLeaks } = await setup(sampleCampaigns(2));
    const result = await apply(["apply"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Plan: 2 to update");
    expect(result.stderr).toContain("rerun with --auto-approve");
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toBeUndefined();
    await expectNoLeaks();
  });

  it("safety gate: changing more than 30% of 12 managed campaigns is refused without --force", async () => {
    const campaigns = sampleCampaigns(12);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    expect((await apply(APPLY)).code).toBe(0); // a first apply is never gated
    const before = await ws.readState();

    // 4 of 12 = 33%: over the threshold.
    await ws.writeCampaigns(campaigns.slice(0, 4).map((c) => ({ ...c, order: 5 })));
    sb.clearRequests();
    const refused = await apply(APPLY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "The plan would change 4 of the 12 campaigns in the state (33%)",
    );
    expect(refused.stderr).toContain("--force");
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toEqual(before);

    const forced = await apply([...APPLY, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(sb.puts(204)).toHaveLength(4);
    await expectNoLeaks();
  });

  it("3 of 12 (25%) passes the gate without --force", async () => {
    const campaigns = sampleCampaigns(12);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    expect((await apply(APPLY)).code).toBe(0);
    await ws.writeCampaigns(campaigns.slice(0, 3).map((c) => ({ ...c, order: 5 })));
    sb.clearRequests();
    expect((await apply(APPLY)).code).toBe(0);
    expect(sb.puts(204)).toHaveLength(3);
    await expectNoLeaks();
  });

  it("a state applied to one THULIUM_URL is refused for another, with nothing sent", async () => {
    const campaigns = sampleCampaigns(2);
    const { ws, sb, apply, expectNoLeaks } = await setup(campaigns);
    expect((await apply(APPLY)).code).toBe(0);
    const other = await startTestSandbox();
    cleanups.push(() => other.close());
    seedSandbox(other, ["00001", "00002"]);
    await ws.writeCampaign({ ...(campaigns[0] as CampaignDoc), order: 3 });

    const result = await apply(APPLY, other.env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`was applied to ${sb.url}, not ${other.url}`);
    expect(other.requests).toEqual([]);
    expect((await ws.readState())?.target).toBe(sb.url);
    await expectNoLeaks();
  });
});

describe("apply (built CLI) against a server answering 400", () => {
  it("fails only the rejected campaign and records the others", async () => {
    const campaigns = sampleCampaigns(3);
    const ws = await makeWorkspace(campaigns);
    cleanups.push(ws.cleanup);
    // The sandbox accepts everything the campaign schema allows, so a real Thulium rule
    // the schema does not know is played by a bare server with Thulium's error body.
    const server = await scriptedServer((req, res: ServerResponse) => {
      if (req.url.endsWith("/00002")) {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            request_id: "53678450401cf",
            errors: [{ message: "Wrong format of phone number.", code: 111111 }],
          }),
        );
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    cleanups.push(server.close);
    const result = await runCli(APPLY, {
      cwd: ws.dir,
      env: { THULIUM_URL: server.url, THULIUM_USER: TEST_USER, THULIUM_PASSWORD: TEST_PASSWORD },
    });
    expect(result.code).toBe(1);
    expect(server.received.map((r) => r.url).sort()).toEqual([
      "/api/outbounds/00001",
      "/api/outbounds/00002",
      "/api/outbounds/00003",
    ]);
    expect(result.stderr).toMatch(
      /^ {2}00002: .*Thulium says: Wrong format of phone number\. \(request_id 53678450401cf\)$/m,
    );
    expect(result.stdout).toMatch(/✗ 00002 "Kampania 2 – sprzedaż" failed: /);
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00003"]);
    expectNoSecrets([result, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });

  it("never prints the password even when the server echoes it back in its error", async () => {
    const ws = await makeWorkspace(sampleCampaigns(2));
    cleanups.push(ws.cleanup);
    // A misbehaving proxy that reflects the request's credentials in its error body.
    const server = await scriptedServer((req, res: ServerResponse) => {
      res.writeHead(req.url.endsWith("/00001") ? 400 : 502, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          request_id: `req-${TEST_PASSWORD}`,
          errors: [
            {
              message: `Bad auth header ${req.headers.authorization} for ${TEST_PASSWORD}`,
              code: 1,
            },
          ],
        }),
      );
    });
    cleanups.push(server.close);
    const result = await runCli([...APPLY, "--concurrency", "1"], {
      cwd: ws.dir,
      env: {
        THULIUM_URL: server.url,
        THULIUM_USER: TEST_USER,
        THULIUM_PASSWORD: TEST_PASSWORD,
        THULIUM_RETRIES: "1",
      },
    });
    expect(result.code).toBe(1);
    expect(server.received).toHaveLength(2);
    expect(result.stderr).toContain("00001: ");
    expect(result.stderr).toContain("[REDACTED]");
    expectNoSecrets([result, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });
});
