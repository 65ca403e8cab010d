/**
 * The doctor use case with its ports given as plain data: the decisions no loopback server
 * is needed for (Node's version, settings, unreadable values, long id lists, stale and
 * unreadable locks, a sandbox that cannot start, Ctrl-C), and the rule that a check which
 * is not essential never fails the run. The HTTP paths run against real servers in
 * test/e2e/doctor.test.ts.
 */
import { describe, expect, it } from "vitest";
import { emptyState } from "../../src/core/state.js";
import { InterruptedError } from "../../src/errors.js";
import type { LiveList } from "../../src/io/thulium/live-list.js";
import { type DoctorDeps, runDoctor } from "../../src/use-cases/doctor.js";
import { fail } from "../../src/use-cases/doctor-check.js";
import { checkDeclaredIds, checkFields } from "../../src/use-cases/doctor-list-checks.js";
import { checkLock } from "../../src/use-cases/doctor-local-checks.js";

/** A set-up where every check passes: an answer per path, two declared campaigns. */
function deps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  const answers: Record<string, string> = {
    "/outbounds": JSON.stringify([
      { id: "00001", name: "A", order: 5 },
      { id: 2, name: "B", order: "x" },
    ]),
    "/outbounds/stats": JSON.stringify([{ id: "00001", records_count: 3 }]),
  };
  return {
    nodeVersion: "20.19.0",
    env: { THULIUM_URL: "https://acme.thulium.com/api", THULIUM_USER: "u", THULIUM_PASSWORD: "p" },
    target: { kind: "env" },
    loadCampaignFiles: async () => ({
      files: 2,
      declared: 2,
      validIds: ["00001", "00002"],
      issues: [],
    }),
    readState: async () => emptyState(),
    readLock: async () => ({ kind: "free" }),
    probe: async () => ({ kind: "answered", status: 401 }),
    createApi: () => ({
      redact: (text) => text,
      getText: async (path) => {
        const answer = answers[path];
        if (answer === undefined) throw new Error(`unexpected GET ${path}`);
        return answer;
      },
    }),
    labels: {
      dir: "campaigns/",
      stateFile: ".thulium/state.json",
      lockFile: ".thulium/state.json.lock",
      validate: "thulium-campaigns validate",
    },
    showShape: false,
    ...overrides,
  };
}

const byName = (result: Awaited<ReturnType<typeof runDoctor>>) =>
  Object.fromEntries(result.checks.map((check) => [check.name, check]));

describe("runDoctor", () => {
  it("a working set-up: ok, every check in order, the unreadable value a warning", async () => {
    const result = await runDoctor(deps());
    expect(result.ok).toBe(true);
    const check = byName(result);
    expect(check.list?.finding).toBe("recognised: 2 campaigns (a JSON array, 1 request)");
    expect(check.fields).toMatchObject({ status: "warn" });
    expect(check.fields?.finding).toContain(
      "values no accepted spelling fits: order in 1 campaign (00002)",
    );
    expect(check.stats?.finding).toBe("GET outbounds/stats is readable: 1 campaign dialling now");
    expect(check["declared-ids"]?.finding).toBe("all 2 declared campaigns are in the list");
    expect(result.shape).toBeUndefined();
  });

  it("Node older than 20.19 fails the run, with how to upgrade", async () => {
    const result = await runDoctor(deps({ nodeVersion: "20.18.3" }));
    expect(result.ok).toBe(false);
    expect(byName(result).node).toMatchObject({
      status: "fail",
      finding: "Node.js 20.18.3 is too old: this tool needs 20.19 or later",
    });
  });

  it("a setting out of range fails env, naming the variable; the probe still runs, credentials skipped", async () => {
    let probed = 0;
    const result = await runDoctor(
      deps({
        env: { ...deps().env, THULIUM_TIMEOUT_MS: "soon" },
        probe: async () => {
          probed += 1;
          return { kind: "answered", status: 401 };
        },
      }),
    );
    const check = byName(result);
    expect(check.env?.status).toBe("fail");
    expect(check.env?.finding).toContain("THULIUM_TIMEOUT_MS must be a positive whole number");
    expect(probed).toBe(1);
    expect(check.credentials?.finding).toMatch(/^skipped: needs env/);
  });

  it("plain http:// to a remote host, and a URL not ending in /api: warnings, not failures", async () => {
    const http = await runDoctor(
      deps({ env: { ...deps().env, THULIUM_URL: "http://acme.thulium.com/api" } }),
    );
    expect(byName(http).url).toMatchObject({
      status: "warn",
      fix: "use https:// (Thulium serves its API over https://)",
    });
    expect(http.ok).toBe(true);
    const noApi = await runDoctor(
      deps({ env: { ...deps().env, THULIUM_URL: "https://acme.thulium.com/" } }),
    );
    expect(byName(noApi).url?.finding).toContain("https://acme.thulium.com does not end in /api");
  });

  it("a sandbox that cannot start fails url, naming its data file; the network checks are skipped", async () => {
    const result = await runDoctor(
      deps({
        target: {
          kind: "sandbox",
          name: "sandbox",
          dataFile: ".thulium/sandbox/data.json",
          start: async () => {
            throw new Error("Sandbox data file .thulium/sandbox/data.json is not valid JSON");
          },
        },
      }),
    );
    const check = byName(result);
    expect(check.url?.status).toBe("fail");
    expect(check.url?.fix).toContain("repair or delete .thulium/sandbox/data.json");
    expect(check.reachability?.finding).toBe("skipped: needs url, which did not pass");
    expect(check["state-target"]?.finding).toBe("skipped: needs url, which did not pass");
  });

  it("--show-shape returns the first answer's skeleton", async () => {
    const result = await runDoctor(deps({ showShape: true }));
    expect(result.shape).toEqual({
      skeleton: [
        { id: "string", name: "string", order: "number" },
        { id: "number", name: "string", order: "string" },
      ],
    });
  });

  it("Ctrl-C during the checks ends them with InterruptedError", async () => {
    const controller = new AbortController();
    const run = runDoctor(
      deps({
        signal: controller.signal,
        probe: async (_url, _timeout, signal) => {
          controller.abort();
          throw signal?.reason ?? new Error("aborted");
        },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe("the checks that are not essential only warn", () => {
  it("fail() on stats, fields, lock or declared-ids gives a warning", () => {
    for (const name of ["stats", "fields", "lock", "declared-ids"] as const)
      expect(fail(name, "finding", "fix").status).toBe("warn");
    expect(fail("credentials", "finding", "fix").status).toBe("fail");
  });

  it("a stale lock is free; an unreadable one a warning with the path", () => {
    expect(
      checkLock(
        { kind: "stale", holder: { command: "apply", pid: 9, host: "h", since: "t" } },
        "s.lock",
      ),
    ).toEqual({
      name: "lock",
      status: "ok",
      finding:
        "free: s.lock is left over from apply (pid 9 on host h, since t), whose process has ended; the next apply takes it over",
    });
    expect(checkLock({ kind: "unreadable", message: "EISDIR" }, "s.lock")).toMatchObject({
      status: "warn",
      finding: "cannot read the lock file: EISDIR",
    });
  });

  it("long lists of missing ids are cut at ten", () => {
    const ids = Array.from({ length: 14 }, (_, i) => String(i + 1).padStart(5, "0"));
    const list: LiveList = {
      campaigns: [],
      skipped: 0,
      duplicates: 0,
      requests: 1,
      where: "body",
      fieldsShown: [],
    };
    expect(checkDeclaredIds(ids, list, false, "env").finding).toBe(
      "14 of 14 declared campaigns not in Thulium's list: 00001, 00002, 00003, 00004, 00005, 00006, 00007, 00008, 00009, 00010 and 4 more",
    );
    expect(checkFields(list)).toMatchObject({ status: "skipped" });
  });
});
