/**
 * `init --with-drift`: the new repository also gets the scheduled drift-check workflow,
 * copied byte for byte from the package; without the flag it is only mentioned.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliText, REPO } from "./built-cli.js";

const DRIFT = ".github/workflows/thulium-campaigns-drift.yml";
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "init-drift-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("init offers the scheduled drift check", () => {
  it("--with-drift writes the drift workflow beside the plan/apply one and lists it", async () => {
    const { code, stdout, stderr } = await cliText(["init", "repo", "--with-drift"], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain(`  .github/workflows/thulium-campaigns.yml\n  ${DRIFT}\n`);
    expect(stdout).toContain(`${DRIFT} runs \`drift\` daily`);
    expect(await readFile(path.join(dir, "repo", DRIFT), "utf8")).toBe(
      await readFile(
        path.join(REPO, "examples/github-actions/thulium-campaigns-drift.yml"),
        "utf8",
      ),
    );
  });

  it("without the flag it is not written, and the next steps say how to get it", async () => {
    const { code, stdout } = await cliText(["init", "repo"], dir);
    expect(code).toBe(0);
    expect(stdout).not.toContain(`  ${DRIFT}\n`);
    expect(stdout).toContain("run init with --with-drift");
    await expect(readFile(path.join(dir, "repo", DRIFT), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("init --help shows the flag", async () => {
    expect((await cliText(["init", "--help"], REPO)).stdout).toContain("--with-drift");
  });
});
