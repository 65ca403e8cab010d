/**
 * `import`'s file names and file text, pure: names from campaign names (table-driven:
 * Polish letters, other scripts, emoji, empty, long, dots and slashes), clashes with the
 * folder and within one import, and the header and field order of the text.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIELD_ORDER } from "../../src/core/campaign.js";
import {
  declarationYaml,
  SCHEMA_FIELD_ORDER,
  SCHEMA_PARAMETER_ORDER,
  STATE_SHOW_LAYOUT,
} from "../../src/core/declaration-yaml.js";
import {
  campaignStem,
  chooseFileNames,
  importedFields,
  importedFileText,
  MAX_STEM_LENGTH,
  nameToStem,
} from "../../src/core/import-file.js";

describe("nameToStem", () => {
  it.each([
    ["Kampania sprzedażowa 2027", "kampania-sprzedazowa-2027"],
    ["Zażółć gęślą jaźń", "zazolc-gesla-jazn"],
    ["ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc-gesla-jazn"],
    ["Windykacja – przypomnienia o płatności", "windykacja-przypomnienia-o-platnosci"],
    ["Łódź", "lodz"],
    ["Crème brûlée", "creme-brulee"],
    ["Straße", "strasse"],
    ["Ærø Ødegård", "aero-odegard"],
    ["İstanbul", "istanbul"],
    ["ﬁnanse ２０２７", "finanse-2027"],
    ["🎉 Promocja 🎉", "promocja"],
    ["Продажи 2027", "2027"],
    ["Продажи", ""],
    ["🎉🎉", ""],
    ["", ""],
    ["   ", ""],
    ["---", ""],
    ["../../etc/passwd", "etc-passwd"],
    [".hidden", "hidden"],
    ['a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"],
    ["..", ""],
    ["x\u0000y\u202ez\nw", "x-y-z-w"],
    ["Kampania  --  2027!!!", "kampania-2027"],
  ])("%j → %j", (name, stem) => {
    expect(nameToStem(name)).toBe(stem);
  });

  it("caps a long name at MAX_STEM_LENGTH characters, never ending in '-'", () => {
    const stem = nameToStem(`${"a".repeat(59)} b${"c".repeat(100)}`);
    expect(stem).toBe("a".repeat(59));
    expect(nameToStem("ż".repeat(500))).toBe("z".repeat(MAX_STEM_LENGTH));
  });

  it("an empty stem becomes campaign-<id>", () => {
    expect(campaignStem("00042", "🎉")).toBe("campaign-00042");
    expect(campaignStem("00042", undefined)).toBe("campaign-00042");
    expect(campaignStem("00042", "Nowa")).toBe("nowa");
  });
});

describe("chooseFileNames", () => {
  const choose = (requests: { id: string; name?: string }[], existing: string[] = []) =>
    Object.fromEntries(chooseFileNames(requests, existing));

  it("names each campaign after its name, or campaign-<id> without one", () => {
    expect(
      choose([
        { id: "00001", name: "Kampania sprzedażowa 2027" },
        { id: "00002" },
        { id: "00003", name: "🎉" },
      ]),
    ).toEqual({
      "00001": "kampania-sprzedazowa-2027.yaml",
      "00002": "campaign-00002.yaml",
      "00003": "campaign-00003.yaml",
    });
  });

  it("appends the id when the folder has the name (any case, .yaml or .yml)", () => {
    const request = [{ id: "00042", name: "Kampania sprzedażowa 2027" }];
    for (const existing of [
      "kampania-sprzedazowa-2027.yaml",
      "Kampania-Sprzedazowa-2027.YAML",
      "kampania-sprzedazowa-2027.yml",
    ]) {
      expect(choose(request, [existing, "other.yaml"])).toEqual({
        "00042": "kampania-sprzedazowa-2027-00042.yaml",
      });
    }
  });

  it("gives every campaign that shares a name its id, whatever the order of the list", () => {
    const a = { id: "00007", name: "Windykacja" };
    const b = { id: "00003", name: "WINDYKACJA!" };
    const expected = { "00003": "windykacja-00003.yaml", "00007": "windykacja-00007.yaml" };
    expect(choose([a, b])).toEqual(expected);
    expect(choose([b, a])).toEqual(expected);
  });

  it("counts on when the name with the id is taken too", () => {
    expect(
      choose(
        [
          { id: "00042", name: "x" },
          { id: "00043", name: "x 00042" },
        ],
        ["x.yaml"],
      ),
    ).toEqual({ "00043": "x-00042.yaml", "00042": "x-00042-2.yaml" });
    expect(choose([{ id: "00042" }], ["campaign-00042.yaml"])).toEqual({
      "00042": "campaign-00042-2.yaml",
    });
  });

  it("never uses a name Windows reserves for a device", () => {
    expect(
      choose([
        { id: "00001", name: "CON" },
        { id: "00002", name: "nul" },
      ]),
    ).toEqual({
      "00001": "con-00001.yaml",
      "00002": "nul-00002.yaml",
    });
  });

  it("refuses the same id twice, or an id that is not five digits (bugs in the caller)", () => {
    expect(() => choose([{ id: "00001" }, { id: "00001" }])).toThrow(/requested twice/);
    for (const id of ["../x", "1", "000001", "0000a", ""]) {
      expect(() => choose([{ id }])).toThrow(/is not a campaign id/);
    }
  });

  it("any names, any folder: unique, free, plain file names inside the folder", () => {
    const id = fc.integer({ min: 0, max: 99999 }).map((n) => String(n).padStart(5, "0"));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id, name: fc.option(fc.string({ unit: "grapheme" })) }), {
          selector: (request) => request.id,
          maxLength: 30,
        }),
        fc.array(fc.oneof(fc.string(), fc.constantFrom("a.yaml", "campaign-00001.yaml", "-.yaml"))),
        (requests, existing) => {
          const names = [
            ...chooseFileNames(
              requests.map(({ id, name }) => ({ id, name: name ?? undefined })),
              existing,
            ).values(),
          ];
          expect(names).toHaveLength(requests.length);
          expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
          const taken = new Set(existing.map((name) => name.toLowerCase()));
          for (const name of names) {
            expect(name).toMatch(/^[a-z0-9][a-z0-9-]*\.yaml$/);
            expect(taken.has(name)).toBe(false);
          }
        },
      ),
    );
  });
});

describe("importedFileText", () => {
  const provenance = { target: "https://acme.thulium.com/api", importedOn: "2026-11-30" };

  it("starts with the modeline and where and when it was imported, then the schema's order", () => {
    const text = importedFileText(
      {
        id: "00001",
        fields: {
          parameters: {
            predictive_min_calls: 1.2,
            predictive_max_calls: 2.5,
            caller_id: "+48221234567",
          },
          group_id: 15,
          parity: 60,
          order: 10,
          end_date: "2027-12-17",
          start_date: "2027-01-04",
          active: true,
          dialer: "predictive",
          name: "Kampania sprzedażowa 2027",
        },
      },
      provenance,
    );
    expect(text).toBe(
      "# yaml-language-server: $schema=../schemas/campaign.schema.json\n" +
        "# Imported from https://acme.thulium.com/api on 2026-11-30 by thulium-campaigns import.\n" +
        'id: "00001"\n' +
        "name: Kampania sprzedażowa 2027\n" +
        "dialer: predictive\n" +
        "active: true\n" +
        'start_date: "2027-01-04"\n' +
        'end_date: "2027-12-17"\n' +
        "order: 10\n" +
        "parity: 60\n" +
        "group_id: 15\n" +
        "parameters:\n" +
        '  caller_id: "+48221234567"\n' +
        "  predictive_max_calls: 2.5\n" +
        "  predictive_min_calls: 1.2\n",
    );
    // The first line is the example campaigns' own.
    const example = readFileSync(new URL("../../campaigns/sprzedaz-2027.yaml", import.meta.url));
    expect(text.split("\n")[0]).toBe(example.toString("utf8").split("\n")[0]);
  });

  it("writes only the fields given, and names the unreadable ones in a comment", () => {
    expect(
      importedFileText(
        { id: "00042", fields: { order: 5, parameters: {} }, unreadable: ["dialer", "parity"] },
        { ...provenance, schemaRef: "../../schemas/campaign.schema.json" },
      ),
    ).toBe(
      "# yaml-language-server: $schema=../../schemas/campaign.schema.json\n" +
        "# Imported from https://acme.thulium.com/api on 2026-11-30 by thulium-campaigns import.\n" +
        "# Not written: Thulium's list shows a value this tool cannot read for dialer, parity.\n" +
        'id: "00042"\n' +
        "order: 5\n",
    );
  });

  it("never writes credentials, and a target cannot break out of its comment line", () => {
    const text = importedFileText(
      { id: "00001", fields: { name: "x" } },
      { target: "https://api_user:s3cret@acme.thulium.com/api", importedOn: "2026-11-30" },
    );
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("api_user");
    expect(text).toContain("# Imported from https://acme.thulium.com/api on 2026-11-30");
    const injected = importedFileText(
      { id: "00001", fields: { name: "x" } },
      { target: 'sandbox\nid: "00009"', importedOn: "2026-11-30" },
    );
    expect(injected.split("\n").filter((line) => line.startsWith("id:"))).toEqual(['id: "00001"']);
  });

  it("leaves out what is visible but not set (null), keeps values only validation judges", () => {
    expect(
      importedFileText(
        {
          id: "00007",
          fields: {
            dialer: "robocall",
            end_date: null,
            group_id: null,
            parameters: { caller_id: null, preview_timeout: 0 },
          },
        },
        provenance,
      )
        .split("\n")
        .slice(2),
    ).toEqual(['id: "00007"', "dialer: robocall", "parameters:", "  preview_timeout: 0", ""]);
    expect(importedFields({ end_date: null, parameters: { caller_id: null } })).toEqual({});
  });

  it("takes the date from the caller, in YYYY-MM-DD only", () => {
    expect(() =>
      importedFileText({ id: "00001", fields: {} }, { ...provenance, importedOn: "30.11.2026" }),
    ).toThrow(/YYYY-MM-DD/);
  });

  it("double-quotes and escapes characters that would hide or reorder text", () => {
    const text = importedFileText(
      { id: "00001", fields: { name: "Kampania\u202e7202 \u0007\u200bx\ny" } },
      provenance,
    );
    expect(text).toContain('name: "Kampania\\u202e7202 \\u0007\\u200bx\\ny"\n');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none of these may be left raw
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202e]/);
  });
});

describe("the declaration serialiser's orders", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../../schemas/campaign.schema.json", import.meta.url), "utf8"),
  );

  it("SCHEMA_FIELD_ORDER and SCHEMA_PARAMETER_ORDER are the schema's property orders", () => {
    // Membership (agents, agents_policy) follows the fields, as declarationYaml writes it.
    expect(["id", ...SCHEMA_FIELD_ORDER, "agents", "agents_policy"]).toEqual(
      Object.keys(schema.properties),
    );
    expect(SCHEMA_PARAMETER_ORDER).toEqual(Object.keys(schema.properties.parameters.properties));
  });

  it("state show's layout keeps Thulium's order and the parameters as stored", () => {
    expect(STATE_SHOW_LAYOUT.fields).toBe(FIELD_ORDER);
    expect(
      declarationYaml("00001", {
        group_id: 3,
        parameters: { preview_timeout: 5, caller_id: "123" },
        start_date: "2027-01-04",
      }),
    ).toBe(
      'id: "00001"\nstart_date: 2027-01-04\nparameters:\n  preview_timeout: 5\n  caller_id: "123"\ngroup_id: 3\n',
    );
  });
});
