/**
 * The import writer fed by the real list reader over HTTP: the sandbox in each list shape
 * (plain, paged with PHP-style spellings, partial) → readLiveList → import files → the
 * campaign-file loader. Every file is valid, and loads back to exactly the visible live
 * fields, which in the plain shape are the stored campaign itself.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import { importedFields } from "../../src/core/import-file.js";
import { loadValidCampaigns } from "../../src/io/campaign-files/index.js";
import { prepareImportFiles } from "../../src/io/campaign-files/prepare-import.js";
import { writeImportFiles } from "../../src/io/campaign-files/write-imported.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { readLiveList } from "../../src/io/thulium/live-list.js";
import type { ListShape } from "../../src/sandbox/index.js";
import { startTestSandbox, TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";

const TODAY = "2026-11-30";
const COUNT = 200;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Campaign i: the three dialers, optional fields left out now and then, names that clash. */
function fieldsOf(i: number): CampaignFields {
  const dialer = (["predictive", "progressive", "preview"] as const)[i % 3] ?? "preview";
  return {
    name: i % 10 === 0 ? "Kampania sprzedażowa 2027" : `Kampania ${i} – Łódź`,
    dialer,
    active: i % 4 !== 0,
    start_date: "2027-01-05",
    ...(i % 4 === 0 ? {} : { end_date: "2027-06-30" }),
    order: i,
    parity: (i % 100) + 1,
    ...(i % 5 === 0 ? {} : { group_id: i % 7 }),
    parameters: {
      caller_id: i % 2 === 0 ? "+48221234567" : "0221234567",
      ...(dialer === "preview" ? { preview_timeout: 30 } : {}),
      ...(dialer === "predictive" ? { predictive_min_calls: 1.5, predictive_max_calls: 2.5 } : {}),
    },
  };
}

describe.each(["plain", "paged", "partial"] as ListShape[])("the %s list", (shape) => {
  it(`${COUNT} live campaigns → files that load back to the visible fields`, async () => {
    const sandbox = await startTestSandbox({ listShape: shape, today: () => "2027-01-01" });
    closers.push(() => sandbox.close());
    for (let i = 1; i <= COUNT; i++) sandbox.store.create(fieldsOf(i), String(i).padStart(5, "0"));
    const cwd = await mkdtemp(path.join(tmpdir(), `import-live-${shape}-`));
    closers.push(() => rm(cwd, { recursive: true, force: true }));

    const client = createThuliumClient({
      baseUrl: sandbox.url,
      user: TEST_USER,
      password: TEST_PASSWORD,
      retryBaseMs: 1,
      maxBackoffMs: 5,
    });
    const list = await readLiveList(client);
    expect(list.campaigns).toHaveLength(COUNT);
    const plan = await prepareImportFiles(list.campaigns, {
      dir: "campaigns",
      cwd,
      target: "sandbox",
      importedOn: TODAY,
      today: TODAY,
    });
    expect(plan.skipped).toEqual([]);
    const written = await writeImportFiles(plan, { cwd });
    expect(written).toHaveLength(COUNT);

    const loaded = await loadValidCampaigns("campaigns", { cwd, today: TODAY });
    expect(loaded.warnings).toEqual([]);
    const byId = new Map(loaded.campaigns.map((campaign) => [campaign.id, campaign.fields]));
    for (const live of list.campaigns) {
      expect(byId.get(live.id), live.id).toEqual(importedFields(live.fields));
      if (shape === "plain") expect(byId.get(live.id)).toEqual(fieldsOf(Number(live.id)));
    }
    // Names shared by every tenth campaign get their ids; the others keep the plain name.
    const names = written.map((file) => path.basename(file.absolute));
    expect(names).toContain("kampania-sprzedazowa-2027-00010.yaml");
    expect(names).toContain("kampania-1-lodz.yaml");
    expect(names.filter((name) => name === "kampania-sprzedazowa-2027.yaml")).toEqual([]);
  }, 60_000);
});
