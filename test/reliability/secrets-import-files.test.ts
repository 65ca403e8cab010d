/**
 * The secrets suite for `import`'s file writer: the target named in each file's comment
 * never carries the API user or password, in any form, even when the caller passes a URL
 * with them in it; and nothing else the writer produces (file names, texts, issues) does.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { prepareImportFiles } from "../../src/io/campaign-files/prepare-import.js";
import { writeImportFiles } from "../../src/io/campaign-files/write-imported.js";
import { expectNothingSecret, SECRET_PASSWORD, SECRET_USER } from "./helpers/secret-forms.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "secrets-import-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

it("a target URL with user and password in it is named without them", async () => {
  const target = new URL("https://acme.thulium.com/api");
  target.username = SECRET_USER;
  target.password = SECRET_PASSWORD;
  const plan = await prepareImportFiles(
    [
      { id: "00001", fields: { name: "Sprzedaż", order: 10 } },
      { id: "00002", fields: { name: "Zero", order: 0 } }, // skipped: its issues are checked too
    ],
    { dir: "campaigns", cwd, target: target.href, importedOn: "2026-11-30", today: "2026-11-30" },
  );
  const written = await writeImportFiles(plan, { cwd });
  expect(written).toHaveLength(1);
  const texts = new Map<string, string>();
  for (const name of await readdir(path.join(cwd, "campaigns")))
    texts.set(name, `${name}\n${await readFile(path.join(cwd, "campaigns", name), "utf8")}`);
  texts.set("skipped", JSON.stringify(plan.skipped));
  expectNothingSecret(texts);
  expect(texts.get("sprzedaz.yaml")).toContain(
    "# Imported from https://acme.thulium.com/api on 2026-11-30 by thulium-campaigns import.",
  );
});
