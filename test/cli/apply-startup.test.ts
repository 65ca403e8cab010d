/**
 * What the bundled `apply` loads in front of its first request (issue 15, item 2): nothing
 * it does not need there. With --auto-approve nothing is asked, so the prompt (node:readline)
 * is not loaded; the journal's commit is looked up with git only in a repository, after the
 * first request, so node:child_process is not loaded outside one; and yargs, building its
 * parser, finds the bundle's own package.json for the version it guesses (and the CLI
 * replaces), instead of reading every folder up from the working one, where none holds a
 * package.json failing an assertion, which loaded node:assert to throw an error it caught.
 * An http:// target (the sandbox's) needs no TLS: node:https loads at the first https
 * request only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./built-cli.js";
import { moduleLog } from "./module-log.js";

const BUNDLE = path.join(REPO, "dist", "bundle", "main.js");
const log = moduleLog();
// A temp folder: no repository, and no package.json in it or above it.
const scratch = mkdtempSync(path.join(tmpdir(), "thulium-apply-startup-"));
afterAll(() => {
  log.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the bundled apply's start-up", () => {
  it("loads neither node:readline, node:child_process, node:assert nor node:https with --auto-approve outside a repository, against http", () => {
    mkdirSync(path.join(scratch, "campaigns"));
    writeFileSync(
      path.join(scratch, "campaigns", "sales.yaml"),
      'id: "00001"\nname: "Sales"\ndialer: "preview"\nactive: true\n',
    );
    const run = log.run(BUNDLE, ["apply", "--sandbox", "--auto-approve"], { cwd: scratch });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Apply complete! 1 updated");
    expect(run.loaded).toContain("node:http"); // built-ins are recorded
    const unwanted = run.loaded.filter((entry) =>
      /^node:(readline|readline\/promises|child_process|assert|https)$/.test(entry),
    );
    expect(unwanted).toEqual([]);
  });
});
