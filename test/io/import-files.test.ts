/**
 * `import`'s campaign files on a real temp folder: prepared (the dry run writes nothing),
 * written atomically and never over an existing file, and loaded back through the real
 * campaign-file loader to exactly the fields they were written from, for each dialer,
 * partial field sets and hostile names. Live values that break the schema or the rules
 * are reported with the line `validate` will show, skipped, or written on request.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import type { ImportedCampaign } from "../../src/core/import-file.js";
import { UsageError } from "../../src/errors.js";
import { loadCampaignFiles, loadValidCampaigns } from "../../src/io/campaign-files/index.js";
import {
  type PrepareImportOptions,
  prepareImportFiles,
} from "../../src/io/campaign-files/prepare-import.js";
import { writeImportFiles } from "../../src/io/campaign-files/write-imported.js";
import { cliText } from "../cli/built-cli.js";
import { PREDICTIVE } from "./helpers/live-campaigns.js";

const TODAY = "2026-11-30";
let cwd: string;
let options: PrepareImportOptions;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "import-files-"));
  options = {
    dir: "campaigns",
    cwd,
    target: "https://acme.thulium.com/api",
    importedOn: TODAY,
    today: TODAY,
  };
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Prepares and writes, as `import` without --dry-run does. */
async function importAll(
  campaigns: ImportedCampaign[],
  overrides: Partial<PrepareImportOptions> = {},
) {
  const plan = await prepareImportFiles(campaigns, { ...options, ...overrides });
  const written = await writeImportFiles(plan, { cwd });
  return { plan, written };
}

/** The folder's entries, to check nothing else (temp files) is left behind. */
const entries = async (dir = path.join(cwd, "campaigns")) => (await readdir(dir)).sort();

const PROGRESSIVE: CampaignFields = {
  name: "Windykacja – przypomnienia o płatności",
  dialer: "progressive",
  active: false,
  start_date: "2027-01-11",
  end_date: "2027-06-30",
  order: 20,
  parity: 50,
  group_id: 0,
  parameters: { caller_id: "0225556677" },
};
const PREVIEW: CampaignFields = {
  name: "Ankieta satysfakcji po wizycie serwisowej",
  dialer: "preview",
  active: true,
  start_date: "2027-02-01",
  end_date: "2027-03-31",
  order: 99999,
  parity: 100,
  group_id: 22,
  parameters: { caller_id: "221234500", preview_timeout: 45 },
};

describe("round trip: written files load back to exactly the live fields", () => {
  const cases: [string, ImportedCampaign[]][] = [
    [
      "each dialer, every field",
      [
        { id: "00001", fields: PREDICTIVE },
        { id: "00002", fields: PROGRESSIVE },
        { id: "00003", fields: PREVIEW },
      ],
    ],
    [
      "partial field sets (what a list that shows little gives)",
      [
        { id: "00010", fields: { name: "Tylko nazwa" } },
        { id: "00011", fields: { dialer: "preview", parameters: { preview_timeout: 1 } } },
        { id: "00012", fields: { start_date: "2027-01-01", order: 1, parameters: {} } },
        { id: "00013", fields: {} },
        { id: "00014", fields: { active: false, group_id: 9007199254740991 } },
        {
          id: "00015",
          fields: {
            dialer: "predictive",
            parameters: { predictive_max_calls: 0.30000000000000004 },
          },
        },
      ],
    ],
    [
      "names YAML would misread, or that hide text",
      [
        "yes",
        "null",
        "00042",
        "2027-01-04",
        "a: b # c",
        " leading and trailing ",
        "#hash",
        "- dash",
        "'single' \"double\"",
        "line\nbreak",
        "tab\there",
        "bidi \u202egnp.exe",
        "zero\u200bwidth",
        "C1 \u009b31m",
        "\ufeffbom",
        "emoji 🎉 and ĄĘ",
        "x".repeat(2000),
        "@at `tick` !bang &amp *star |pipe >gt %pct {brace} [bracket]",
      ].map((name, index) => ({ id: String(20 + index).padStart(5, "0"), fields: { name } })),
    ],
  ];

  it.each(cases)("%s", async (_title, campaigns) => {
    const { plan, written } = await importAll(campaigns);
    expect(plan.skipped).toEqual([]);
    expect(written.map((file) => file.id)).toEqual(campaigns.map((c) => c.id));
    const loaded = await loadValidCampaigns("campaigns", { cwd, today: TODAY });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.files).toBe(campaigns.length);
    const byId = new Map(loaded.campaigns.map((campaign) => [campaign.id, campaign]));
    for (const [index, campaign] of campaigns.entries()) {
      const back = byId.get(campaign.id);
      expect(back?.fields, campaign.id).toEqual(written[index]?.fields);
      expect(back?.location.file).toBe(written[index]?.file);
      // Only the visible fields, and nothing but an empty parameters map dropped.
      const { parameters, ...rest } = campaign.fields;
      const nonEmpty = parameters && Object.keys(parameters).length > 0 ? { parameters } : {};
      expect(back?.fields).toEqual({ ...rest, ...nonEmpty });
    }
    expect((await entries()).every((name) => name.endsWith(".yaml"))).toBe(true);
  });

  it("the files pass the built CLI's validate too, with the modeline resolving to the schema", async () => {
    const { written } = await importAll(
      [
        { id: "00001", fields: PREDICTIVE },
        { id: "00002", fields: PROGRESSIVE },
        { id: "00003", fields: PREVIEW },
      ],
      { dir: "campaigns/prod" },
    );
    const text = await readFile(written[0]?.absolute ?? "", "utf8");
    expect(text.split("\n").slice(0, 2)).toEqual([
      "# yaml-language-server: $schema=../../schemas/campaign.schema.json",
      "# Imported from https://acme.thulium.com/api on 2026-11-30 by thulium-campaigns import.",
    ]);
    expect(written.map((file) => file.file)).toEqual([
      "campaigns/prod/kampania-sprzedazowa-2027.yaml",
      "campaigns/prod/windykacja-przypomnienia-o-platnosci.yaml",
      "campaigns/prod/ankieta-satysfakcji-po-wizycie-serwisowej.yaml",
    ]);
    const result = await cliText(["validate"], cwd);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("names in the folder", () => {
  it("a name already in the folder gets the id; the existing file is untouched", async () => {
    await mkdir(path.join(cwd, "campaigns"));
    const mine = '# someone\'s own file\nid: "00001"\n';
    await writeFile(path.join(cwd, "campaigns", "kampania-sprzedazowa-2027.yaml"), mine);
    const { written } = await importAll([{ id: "00042", fields: PREDICTIVE }]);
    expect(written.map((file) => file.file)).toEqual([
      "campaigns/kampania-sprzedazowa-2027-00042.yaml",
    ]);
    expect(
      await readFile(path.join(cwd, "campaigns", "kampania-sprzedazowa-2027.yaml"), "utf8"),
    ).toBe(mine);
    expect(await entries()).toEqual([
      "kampania-sprzedazowa-2027-00042.yaml",
      "kampania-sprzedazowa-2027.yaml",
    ]);
  });

  it("two campaigns of one name both get their id", async () => {
    const { written } = await importAll([
      { id: "00002", fields: { name: "Windykacja" } },
      { id: "00001", fields: { name: "windykacja" } },
    ]);
    expect(written.map((file) => file.file)).toEqual([
      "campaigns/windykacja-00002.yaml",
      "campaigns/windykacja-00001.yaml",
    ]);
  });

  it("a name that appears between preparing and writing is not overwritten: the id is appended", async () => {
    const plan = await prepareImportFiles([{ id: "00042", fields: { name: "Nowa" } }], options);
    expect(plan.write.map((file) => file.file)).toEqual(["campaigns/nowa.yaml"]);
    await mkdir(path.join(cwd, "campaigns"));
    await writeFile(path.join(cwd, "campaigns", "nowa.yaml"), "theirs\n");
    const written = await writeImportFiles(plan, { cwd });
    expect(written.map((file) => file.file)).toEqual(["campaigns/nowa-00042.yaml"]);
    expect(await readFile(path.join(cwd, "campaigns", "nowa.yaml"), "utf8")).toBe("theirs\n");
    expect(await entries()).toEqual(["nowa-00042.yaml", "nowa.yaml"]);
  });

  it("every file's content is on disk before the first name appears (fsyncs batched, names last)", async () => {
    const campaigns = Array.from({ length: 40 }, (_, index) => ({
      id: String(index + 1).padStart(5, "0"),
      fields: { name: `Kampania ${index + 1}` },
    }));
    const plan = await prepareImportFiles(campaigns, options);
    const atFirstName: string[][] = [];
    await writeImportFiles(plan, {
      cwd,
      onWritten: () => {
        if (atFirstName.length === 0) atFirstName.push(readdirSync(path.join(cwd, "campaigns")));
      },
    });
    // When the first file is named, the others are already staged beside it as temp files
    // (written and fsynced) or named too, so a crash from here on loses no content.
    const [first] = atFirstName;
    const named = first?.filter((name) => name.endsWith(".yaml")).length ?? 0;
    const staged = first?.filter((name) => name.endsWith(".tmp")).length ?? 0;
    expect(named + staged).toBeGreaterThanOrEqual(40);
    expect((await entries()).length).toBe(40);
  });

  it("never writes through a link of that name, dangling or not", async () => {
    await mkdir(path.join(cwd, "campaigns"));
    const outside = path.join(cwd, "outside.yaml");
    const plan = await prepareImportFiles([{ id: "00042", fields: { name: "Nowa" } }], options);
    await symlink(outside, path.join(cwd, "campaigns", "nowa.yaml"));
    const written = await writeImportFiles(plan, { cwd });
    expect(written.map((file) => file.file)).toEqual(["campaigns/nowa-00042.yaml"]);
    expect(existsSync(outside)).toBe(false);
  });

  it("names built from dots and slashes stay inside the folder", async () => {
    const { written } = await importAll([
      { id: "00001", fields: { name: "../../escape" } },
      { id: "00002", fields: { name: ".." } },
      { id: "00003", fields: { name: "/etc/cron.d/x" } },
    ]);
    expect(written.map((file) => file.file)).toEqual([
      "campaigns/escape.yaml",
      "campaigns/campaign-00002.yaml",
      "campaigns/etc-cron-d-x.yaml",
    ]);
    expect(await readdir(cwd)).toEqual(["campaigns"]);
  });
});

describe("preparing writes nothing (--dry-run)", () => {
  it("the folder is neither created nor changed", async () => {
    const plan = await prepareImportFiles([{ id: "00001", fields: PREDICTIVE }], options);
    expect(plan.write).toHaveLength(1);
    expect(plan.write[0]?.text).toContain('id: "00001"');
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe("live values that break the schema or the rules", () => {
  const invalid: ImportedCampaign[] = [
    { id: "00050", fields: { name: "Zero order", dialer: "preview", order: 0 } },
    {
      id: "00051",
      fields: { name: "Ends before it starts", start_date: "2027-02-01", end_date: "2027-01-31" },
    },
    {
      id: "00052",
      fields: {
        name: "Bad caller id",
        dialer: "predictive",
        parameters: { caller_id: "call me", predictive_min_calls: 3, predictive_max_calls: 2 },
      },
    },
  ];

  it("are reported with what validate will say, and skipped", async () => {
    const { plan, written } = await importAll([{ id: "00001", fields: PREVIEW }, ...invalid]);
    expect(written.map((file) => file.id)).toEqual(["00001"]);
    expect(await entries()).toEqual(["ankieta-satysfakcji-po-wizycie-serwisowej.yaml"]);
    const reasons = plan.skipped.map((file) => ({
      id: file.id,
      errors: file.issues
        .filter((issue) => issue.severity === "error")
        .map((issue) => `${issue.file}:${issue.line} ${issue.path}`),
    }));
    expect(reasons).toEqual([
      { id: "00050", errors: ["campaigns/zero-order.yaml:6 /order"] },
      { id: "00051", errors: ["campaigns/ends-before-it-starts.yaml:6 /end_date"] },
      {
        id: "00052",
        errors: [
          "campaigns/bad-caller-id.yaml:7 /parameters/caller_id",
          // The rule runs on the fields that passed the schema, as in validate.
          "campaigns/bad-caller-id.yaml:9 /parameters/predictive_min_calls",
        ],
      },
    ]);
    expect(plan.skipped[0]?.issues.find((issue) => issue.path === "/order")?.message).toMatch(/0/);
  });

  it("with includeInvalid are written, and validate points at the same lines", async () => {
    const { plan, written } = await importAll(invalid, { includeInvalid: true });
    expect(plan.skipped).toEqual([]);
    expect(written.map((file) => file.valid)).toEqual([false, false, false]);
    const loaded = await loadCampaignFiles("campaigns", { cwd, today: TODAY });
    const expected = written
      .flatMap((file) => file.issues)
      .map(({ file, line, path }) => ({ file, line, path }));
    expect(loaded.issues.map(({ file, line, path }) => ({ file, line, path }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(loaded.issues.filter((issue) => issue.severity === "error")).toHaveLength(
      expected.length,
    );
    await expect(loadValidCampaigns("campaigns", { cwd, today: TODAY })).rejects.toThrow(/invalid/);
  });

  it("a warning (an active campaign that has ended) is reported but does not stop the file", async () => {
    const { plan, written } = await importAll([
      { id: "00060", fields: { name: "Old", active: true, end_date: "2026-01-31" } },
    ]);
    expect(plan.skipped).toEqual([]);
    expect(written[0]?.valid).toBe(true);
    expect(written[0]?.issues.map((issue) => issue.severity)).toEqual(["warning"]);
  });
});

describe("folders that cannot take the files", () => {
  it("--dir naming a file (or under one) is one paragraph naming it, nothing written", async () => {
    await writeFile(path.join(cwd, "campaigns"), "a file\n");
    for (const dir of ["campaigns", "campaigns/prod"]) {
      const prepared = prepareImportFiles([{ id: "00001", fields: PREVIEW }], { ...options, dir });
      await expect(prepared).rejects.toBeInstanceOf(UsageError);
      await expect(prepared).rejects.toThrow(`${dir} is not a folder`);
    }
    expect(await readdir(cwd)).toEqual(["campaigns"]);
  });

  it("a folder that disappears and turns into a file before writing is a clear error", async () => {
    const plan = await prepareImportFiles([{ id: "00001", fields: PREVIEW }], {
      ...options,
      dir: "x/campaigns",
    });
    await writeFile(path.join(cwd, "x"), "now a file\n");
    const write = writeImportFiles(plan, { cwd });
    await expect(write).rejects.toBeInstanceOf(UsageError);
    await expect(write).rejects.toThrow(/^Cannot write x\/campaigns \(ENOTDIR\): .*--dir/);
  });

  it.skipIf(process.getuid?.() === 0)("a folder this user may not write to", async () => {
    await mkdir(path.join(cwd, "campaigns"), { mode: 0o500 });
    const plan = await prepareImportFiles([{ id: "00001", fields: PREVIEW }], options);
    await expect(writeImportFiles(plan, { cwd })).rejects.toThrow(/\(EACCES\).*writable/);
  });

  it.runIf(process.platform === "linux")(
    "a place that takes no new folder, even from root",
    async () => {
      // /proc refuses new entries with ENOENT, where Node's recursive mkdir spins forever.
      const plan = await prepareImportFiles([{ id: "00001", fields: PREVIEW }], {
        ...options,
        dir: "/proc/thulium-import-test",
      });
      const write = writeImportFiles(plan, { cwd });
      await expect(write).rejects.toBeInstanceOf(UsageError);
      await expect(write).rejects.toThrow(/^Cannot write \/proc\/thulium-import-test \(ENOENT\)/);
    },
  );
});
