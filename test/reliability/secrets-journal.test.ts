/**
 * Secrets and the apply journal: with the password planted in every value the journal
 * takes from the environment or the command line (actor, commit, --reason), no form of it
 * reaches the journal, the state, or any output.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, sampleCampaigns } from "../helpers/workspace.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the apply journal never holds a credential", () => {
  it("password planted as actor, commit and in --reason: redacted or dropped", async () => {
    const campaigns = sampleCampaigns(1);
    const ws = await makeWorkspace(campaigns);
    cleanups.push(ws.cleanup);
    const sb = await startTestSandbox({ user: SECRET_USER, password: SECRET_PASSWORD });
    cleanups.push(() => sb.close());
    seedSandbox(
      sb,
      campaigns.map((c) => c.id),
    );
    const result = await runCli(
      ["apply", "--auto-approve", "--reason", `pasted ${SECRET_PASSWORD} by mistake`],
      {
        cwd: ws.dir,
        env: {
          ...sb.env(),
          GITHUB_ACTOR: SECRET_PASSWORD,
          GITHUB_SHA: SECRET_PASSWORD,
          CI_COMMIT_SHA: SECRET_PASSWORD,
        },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const journal = await readFile(path.join(ws.dir, ".thulium", "journal.jsonl"), "utf8");
    const entry = JSON.parse(journal);
    expect(entry.reason).toMatch(/^pasted .+ by mistake$/);
    expect(entry.commit === null || /^[0-9a-f]{40}$/.test(entry.commit)).toBe(true);
    const shown = await runCli(["journal", "--format", "json"], { cwd: ws.dir, env: sb.env() });
    const files = await ws.readAllFiles();
    expectNothingSecret(
      new Map([
        ...files,
        ["apply stdout", result.stdout],
        ["apply stderr", result.stderr],
        ["journal stdout", shown.stdout],
        ["journal stderr", shown.stderr],
      ]),
    );
  });
});
