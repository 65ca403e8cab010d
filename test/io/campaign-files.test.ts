import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigInvalidError } from "../../src/errors.js";
import { loadCampaignFiles, loadValidCampaigns } from "../../src/io/campaign-files/index.js";

const TODAY = "2026-06-15";
const repo = new URL("../../", import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "campaign-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), text);
}

describe("the example campaigns", () => {
  it("are all valid, with no warnings, and cover all three dialers", async () => {
    const result = await loadCampaignFiles("campaigns", { cwd: repo, today: TODAY });
    expect(result.issues).toEqual([]);
    expect(result.files).toBeGreaterThanOrEqual(4);
    expect(result.campaigns.map((c) => c.id)).toEqual([
      "00001",
      "00002",
      "00003",
      "00004",
      "00005",
      "00006",
    ]);
    expect(new Set(result.campaigns.map((c) => c.fields.dialer))).toEqual(
      new Set(["predictive", "progressive", "preview"]),
    );
  });

  it("declare every field and parameter somewhere", async () => {
    const { campaigns } = await loadCampaignFiles("campaigns", { cwd: repo, today: TODAY });
    const fields = new Set(campaigns.flatMap((c) => Object.keys(c.fields)));
    const parameters = new Set(campaigns.flatMap((c) => Object.keys(c.fields.parameters ?? {})));
    expect([...fields].sort()).toEqual([
      "active",
      "dialer",
      "end_date",
      "group_id",
      "name",
      "order",
      "parameters",
      "parity",
      "start_date",
    ]);
    expect([...parameters].sort()).toEqual([
      "caller_id",
      "predictive_max_calls",
      "predictive_min_calls",
      "preview_timeout",
    ]);
  });
});

describe("loadCampaignFiles", () => {
  it("returns fields in Thulium's order, the id as a string, and the id key's location", async () => {
    await put(
      "a.yaml",
      '# comment\nparameters:\n  preview_timeout: 20\n  caller_id: "0221"\nname: Ankieta\nid: "00042"\ndialer: preview\n',
    );
    const { campaigns, issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(issues).toEqual([]);
    expect(campaigns).toEqual([
      {
        id: "00042",
        fields: {
          name: "Ankieta",
          dialer: "preview",
          parameters: { caller_id: "0221", preview_timeout: 20 },
        },
        location: { file: "a.yaml", line: 6, column: 1 },
      },
    ]);
    expect(Object.keys(campaigns[0]?.fields ?? {})).toEqual(["name", "dialer", "parameters"]);
  });

  it("reads folders recursively, *.yaml and *.yml in any case, skipping dot-folders and other files", async () => {
    await put("b.yml", 'id: "00002"\n');
    await put("sub/deeper/c.YAML", 'id: "00003"\n');
    await put("a.yaml", 'id: "00001"\n');
    await put("notes.txt", "id: 1\n");
    await put(".git/x.yaml", "id: 1\n");
    const result = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(result.issues).toEqual([]);
    expect(result.files).toBe(3);
    expect(result.campaigns.map((c) => c.location.file)).toEqual([
      "a.yaml",
      "b.yml",
      "sub/deeper/c.YAML",
    ]);
  });

  it("sorts campaigns by id and issues by file, line and column, whatever the file order", async () => {
    await put("z.yaml", 'id: "00001"\norder: 0\n');
    await put("a.yaml", 'id: "00009"\n---\nid: "00005"\nparity: 0\n');
    const result = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(result.campaigns.map((c) => c.id)).toEqual(["00009"]);
    expect(result.issues.map((i) => `${i.file}:${i.line}:${i.column}`)).toEqual([
      "a.yaml:4:9",
      "z.yaml:2:8",
    ]);
    expect(result.declared).toBe(3);
  });

  it("reports paths relative to cwd with / separators, and absolute paths outside it", async () => {
    await put("inside/x.yaml", "id: 1\n");
    const inside = await loadCampaignFiles("inside", { cwd: dir, today: TODAY });
    expect(inside.issues[0]?.file).toBe("inside/x.yaml");
    const outside = await loadCampaignFiles(path.join(dir, "inside"), { cwd: repo, today: TODAY });
    expect(outside.issues[0]?.file).toBe(path.join(dir, "inside", "x.yaml"));
  });

  it("accepts a single file as the folder", async () => {
    await put("one.yaml", 'id: "00007"\n');
    const result = await loadCampaignFiles("one.yaml", { cwd: dir, today: TODAY });
    expect(result.campaigns.map((c) => c.id)).toEqual(["00007"]);
  });

  it("reports a missing folder, and warns about a folder without campaign files", async () => {
    const missing = await loadCampaignFiles("nope", { cwd: dir, today: TODAY });
    expect(missing.issues).toEqual([
      {
        severity: "error",
        file: "nope",
        line: 0,
        column: 0,
        path: "",
        message: `folder not found: looked for ${path.join(dir, "nope")} (nope from the current folder ${dir}); campaign files are read from the folder given with --dir (default: campaigns): run the command in the folder that holds it, or point --dir at your campaign files, e.g. --dir infra/campaigns`,
      },
    ]);
    await put("empty/readme.md", "# no campaigns\n");
    const empty = await loadCampaignFiles("empty", { cwd: dir, today: TODAY });
    expect(empty.issues).toEqual([
      {
        severity: "warning",
        file: "empty",
        line: 0,
        column: 0,
        path: "",
        message: "no campaign files (*.yaml, *.yml) found in this folder",
      },
    ]);
  });

  it("still checks dates and ratios of a campaign whose other fields are wrong", async () => {
    await put(
      "a.yaml",
      'id: "00001"\nname: ""\nstart_date: "2027-05-02"\nend_date: "2027-05-01"\n',
    );
    const { issues, campaigns } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(issues.map((i) => i.path)).toEqual(["/name", "/end_date"]);
    expect(campaigns).toEqual([]);
  });

  it("names every place of an id declared three times", async () => {
    await put("a.yaml", 'id: "00001"\n---\nid: "00001"\n');
    await put("b.yaml", 'id: "00001"\ndialer: nope\n');
    const { issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    const duplicates = issues.filter((i) => i.message.startsWith("campaign id"));
    expect(duplicates.map((i) => i.message)).toEqual([
      "campaign id 00001 is declared more than once: also at a.yaml:3:5, b.yaml:1:5",
      "campaign id 00001 is declared more than once: also at a.yaml:1:5, b.yaml:1:5",
      "campaign id 00001 is declared more than once: also at a.yaml:1:5, a.yaml:3:5",
    ]);
  });

  it("collapses many empty documents of one file into one warning", async () => {
    await put("a.yaml", '---\n---\nid: "00001"\n---\n');
    const { issues, campaigns } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(campaigns).toHaveLength(1);
    expect(issues).toEqual([
      {
        severity: "warning",
        file: "a.yaml",
        line: 1,
        column: 4,
        path: "",
        message: "2 empty YAML documents (the first one here): they declare no campaign",
      },
    ]);
  });

  it("keeps Polish text intact and drops a UTF-8 byte-order mark", async () => {
    await writeFile(
      path.join(dir, "a.yaml"),
      `\uFEFFid: "00001"\nname: Kampania sprzedażowa – Łódź\n`,
    );
    const { campaigns, issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(issues).toEqual([]);
    expect(campaigns[0]?.fields.name).toBe("Kampania sprzedażowa – Łódź");
  });

  it("does not warn about a past end_date of an inactive campaign", async () => {
    await put("a.yaml", 'id: "00001"\nactive: false\nend_date: "2020-01-31"\n');
    const { issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(issues).toEqual([]);
  });
});

describe("loadValidCampaigns", () => {
  it("returns campaigns and warnings when there is no error", async () => {
    await put("a.yaml", 'id: "00001"\nparameters:\n  preview_timeout: 5\n');
    const result = await loadValidCampaigns(".", { cwd: dir, today: TODAY });
    expect(result.files).toBe(1);
    expect(result.campaigns.map((c) => c.id)).toEqual(["00001"]);
    expect(result.warnings.map((w) => w.path)).toEqual(["/parameters/preview_timeout"]);
  });

  it("throws ConfigInvalidError carrying every issue, warnings included", async () => {
    await put("a.yaml", 'id: "00001"\norder: 0\nparameters:\n  preview_timeout: 5\n');
    const error = await loadValidCampaigns(".", { cwd: dir, today: TODAY }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).issues.map((i) => `${i.severity} ${i.path}`)).toEqual([
      "error /order",
      "warning /parameters/preview_timeout",
    ]);
  });
});

describe("whole numbers past 2^53 (JSON numbers carry 2^53 − 1 exactly, no more)", () => {
  const tooLarge = (written: string, sent: string) =>
    `${written} is too large to be sent exactly (whole numbers go up to 9007199254740991, that is 2^53 − 1); it would be sent as ${sent}`;

  it("rejects each at its value, whatever the field or spelling, and names the value as written", async () => {
    await put(
      "a.yaml",
      [
        'id: "00001"',
        "order: 9007199254740993",
        "parity: -9007199254740993",
        "parameters:",
        "  preview_timeout: 0x20000000000001",
        `  predictive_max_calls: ${"1234567890".repeat(6)}`,
        "",
      ].join("\n"),
    );
    const result = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    const at = (line: number, column: number, pointer: string, message: string) => ({
      severity: "error",
      file: "a.yaml",
      line,
      column,
      path: pointer,
      message,
    });
    expect(result.issues).toEqual([
      at(2, 8, "/order", tooLarge("9007199254740993", "9007199254740992")),
      at(
        3,
        9,
        "/parity",
        "-9007199254740993 is too small to be sent exactly (whole numbers go down to -9007199254740991, that is −(2^53 − 1)); it would be sent as -9007199254740992",
      ),
      at(5, 20, "/parameters/preview_timeout", tooLarge("0x20000000000001", "9007199254740992")),
      at(
        6,
        25,
        "/parameters/predictive_max_calls",
        tooLarge(`${"1234567890".repeat(4)}…`, "1.2345678901234567e+59"),
      ),
    ]);
    expect(result.campaigns).toEqual([]);
  });

  it("accepts 2^53 − 1 and keeps every whole number a plain number", async () => {
    await put("a.yaml", 'id: "00001"\ngroup_id: 9007199254740991\norder: 10\n');
    const valid = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(valid.issues).toEqual([]);
    expect(valid.campaigns[0]?.fields).toEqual({ order: 10, group_id: 9007199254740991 });
    expect(typeof valid.campaigns[0]?.fields.order).toBe("number");
  });
});

describe("an unclosed quote is reported where it opened", () => {
  it.each([
    ["a double quote at the end of a file", 'id: "00001"\nname: "Kampania\norder: 10\n', 2, 7, '"'],
    ["a single quote", "id: '00001'\nname: 'Kampania\n", 2, 7, "'"],
    [
      "a quote closed by the next document's ---",
      'id: "00001"\nname: "x\n---\nid: "00002"\n',
      2,
      7,
      '"',
    ],
    ["a quoted key", 'id: "00001"\n"name: x\n', 2, 1, '"'],
    ["a quote inside a flow list", 'id: "00001"\nparameters: { caller_id: "+48 }\n', 2, 26, '"'],
  ])("%s", async (_name, text, line, column, quote) => {
    await put("a.yaml", text);
    const { issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    // Only the quote: the parser's later complaints are consequences of it.
    expect(issues).toEqual([
      {
        severity: "error",
        file: "a.yaml",
        line,
        column,
        path: "",
        message: `the ${quote} quote opened here is never closed; end the value with a closing ${quote}`,
      },
    ]);
  });
});

describe("YAML messages quote at most 40 characters of the file", () => {
  const long = `k${"x".repeat(60)}`;
  const cut = `${long.slice(0, 40)}…`;

  it.each([
    [
      "a duplicated key",
      `id: "00001"\n${long}: 1\n${long}: 2\n`,
      `field "${cut}" appears more than once in this mapping (first on line 2); keep one`,
    ],
    [
      "an alias without anchor",
      `id: "00001"\nname: *${long}\n`,
      `alias *${cut} has no anchor &${cut} before it`,
    ],
    [
      "an unknown tag",
      `id: "00001"\nname: !${long} x\n`,
      `Unresolved tag: !${long.slice(0, 39)}…; campaign files need no YAML tags, so it is read as plain text`,
    ],
    [
      "an unknown directive",
      `%FOO${long} a\n---\nid: "00001"\n`,
      `Unknown directive %FOO${long.slice(0, 36)}…`,
    ],
    [
      "a block scalar header with extra characters",
      `id: "00001"\nname: |${long}\n  x\n`,
      `YAML syntax error: Block scalar header includes extra characters: |${long.slice(0, 39)}…`,
    ],
  ])("%s", async (_name, text, message) => {
    await put("a.yaml", text);
    const { issues } = await loadCampaignFiles(".", { cwd: dir, today: TODAY });
    expect(issues.map((issue) => issue.message)).toContainEqual(expect.stringContaining(message));
    expect(JSON.stringify(issues)).not.toContain(long);
  });
});
