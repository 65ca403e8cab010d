/** Schema errors as the operator reads them, and where they point. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type SourceLocator, schemaIssues } from "../../src/schema/errors-to-issues.js";

/** A locator that records what was asked and answers with a fixed place per part. */
function locator(source: Record<string, string> = {}): SourceLocator & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    position(pointer, part) {
      asked.push(`${part} ${pointer}`);
      return part === "key" ? { line: 1, column: 1 } : { line: 2, column: 5 };
    },
    sourceText: (pointer) => source[pointer],
  };
}

const messages = (data: unknown, source: Record<string, string> = {}) =>
  schemaIssues(data, "f.yaml", locator(source)).map((issue) => `${issue.path} ${issue.message}`);

describe("schemaIssues", () => {
  it("accepts a complete campaign", () => {
    const campaign = {
      id: "09098",
      name: "Kampania sprzedażowa 2027",
      dialer: "predictive",
      active: true,
      start_date: "2027-01-04",
      end_date: "2027-06-30",
      order: 99999,
      parity: 1,
      group_id: 0,
      parameters: {
        caller_id: "+48221234567",
        preview_timeout: 1,
        predictive_min_calls: 0.5,
        predictive_max_calls: 3,
      },
    };
    expect(messages(campaign)).toEqual([]);
  });

  it("reports every problem at once, one per field", () => {
    expect(
      messages({ id: "1", name: 5, dialer: "x", order: 1.5, parameters: { caller_id: "abc" } }),
    ).toEqual([
      '/id must be exactly five digits, such as "00001", not "1"',
      "/name must be text, not the number 5",
      "/dialer must be one of predictive, progressive, preview",
      "/order must be a whole number, not the number 1.5",
      '/parameters/caller_id must be digits with an optional leading +, such as "+48221234567", not "abc"',
    ]);
  });

  it("uses the text as written for an unquoted id or caller_id", () => {
    expect(messages({ id: 9098 }, { "/id": "09098" })).toEqual([
      '/id 09098 was read by YAML as the number 9098; quote it: id: "09098"',
    ]);
    expect(messages({ id: 42 }, { "/id": "42" })).toEqual([
      '/id must be a quoted string of exactly five digits, such as id: "00001"; 42 was read by YAML as the number 42',
    ]);
    expect(
      messages(
        { id: "00001", parameters: { caller_id: 48221234567 } },
        { "/parameters/caller_id": "+48221234567" },
      ),
    ).toEqual([
      '/parameters/caller_id +48221234567 was read by YAML as the number 48221234567; quote it: caller_id: "+48221234567"',
    ]);
  });

  it("points at the key of an unknown field and at the value otherwise", () => {
    const where = locator();
    schemaIssues({ id: "00001", nmae: "x", order: 0 }, "f.yaml", where);
    expect(where.asked).toEqual(["key /nmae", "value /order"]);
  });

  it("escapes unknown field names in the JSON Pointer", () => {
    expect(schemaIssues({ id: "00001", "a/b~c": 1 }, "f.yaml", locator())[0]?.path).toBe(
      "/a~1b~0c",
    );
  });

  it("explains a document that is not a mapping", () => {
    expect(messages("hello")).toEqual([
      ' a campaign must be a mapping of fields (id: "00001", name: …), not the text "hello"',
    ]);
    expect(messages(null)).toEqual([
      ' a campaign must be a mapping of fields (id: "00001", name: …), not an empty value',
    ]);
  });

  it("names ranges with both bounds, and lower bounds alone", () => {
    expect(
      messages({ id: "00001", parity: 0, group_id: -1, parameters: { predictive_min_calls: 0 } }),
    ).toEqual([
      "/parity must be a whole number from 1 to 100, not 0",
      "/group_id must be a whole number of at least 0, not -1",
      "/parameters/predictive_min_calls must be a number above 0, not 0",
    ]);
  });

  it("hints at YAML 1.2 for yes/no booleans only", () => {
    expect(messages({ id: "00001", active: "no" })).toEqual([
      '/active must be true or false, not the text "no" (YAML 1.2 reads yes/no/on/off as text)',
    ]);
    expect(messages({ id: "00001", active: 1 })).toEqual([
      "/active must be true or false, not the number 1",
    ]);
  });
});

describe("enum values: the closest allowed value is suggested", () => {
  const ALLOWED = "must be one of predictive, progressive, preview";

  it.each([
    ["Predictive", `${ALLOWED}; did you mean "predictive"? (values are lower case)`],
    ["PREVIEW", `${ALLOWED}; did you mean "preview"? (values are lower case)`],
    ["predicitve", `${ALLOWED}; did you mean "predictive"?`],
    ["progresive", `${ALLOWED}; did you mean "progressive"?`],
    ["Preveiw", `${ALLOWED}; did you mean "preview"?`],
    ["automatic", ALLOWED],
  ])("dialer: %s", (written, expected) => {
    expect(messages({ id: "00001", dialer: written })).toEqual([`/dialer ${expected}`]);
  });

  // Every enum in the schema, not only dialer: a field added later gets suggestions too.
  const schema = JSON.parse(
    readFileSync(new URL("../../schemas/campaign.schema.json", import.meta.url), "utf8"),
  ) as { properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> };
  const enums: [string, string][] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    for (const value of field.enum ?? []) enums.push([name, value]);
    for (const [inner, sub] of Object.entries(field.properties ?? {}))
      for (const value of (sub as { enum?: string[] }).enum ?? [])
        enums.push([`${name}/${inner}`, value]);
  }

  it("covers at least one enum", () => {
    expect(enums.length).toBeGreaterThan(0);
  });

  it.each(enums)("%s: %s written in capitals or with two letters swapped", (field, value) => {
    const data = (written: string): Record<string, unknown> => {
      const [outer, inner] = field.split("/") as [string, string | undefined];
      return { id: "00001", [outer]: inner === undefined ? written : { [inner]: written } };
    };
    const swapped = `${value.slice(0, 2)}${value[3]}${value[2]}${value.slice(4)}`;
    for (const written of [value.toUpperCase(), swapped]) {
      const [message] = messages(data(written));
      expect(message).toContain(`did you mean "${value}"?`);
    }
  });
});

describe("values from the file are quoted at most 40 characters long", () => {
  const long = `s3cr3t-${"x".repeat(80)}`;
  const cut = `"${long.slice(0, 40)}…"`;

  it.each([
    [
      "a document that is a long line",
      long,
      ` a campaign must be a mapping of fields (id: "00001", name: …), not the text ${cut}`,
    ],
    [
      "a wrong type",
      { id: "00001", order: long },
      `/order must be a whole number, not the text ${cut}`,
    ],
    [
      "a pattern",
      { id: "00001", parameters: { caller_id: long } },
      `/parameters/caller_id must be digits with an optional leading +, such as "+48221234567", not ${cut}`,
    ],
    [
      "a date",
      { id: "00001", end_date: long },
      `/end_date must be a date written YYYY-MM-DD, such as "2027-03-01", not ${cut}`,
    ],
    [
      "an unknown field",
      { id: "00001", [long]: 1 },
      `/${long.slice(0, 40)}… unknown field ${cut}; allowed: id, name, dialer, active, start_date, end_date, order, parity, group_id, parameters, agents, agents_policy`,
    ],
    [
      "an enum",
      { id: "00001", dialer: long },
      "/dialer must be one of predictive, progressive, preview",
    ],
  ])("%s", (_name, data, expected) => {
    expect(messages(data)).toEqual([expected]);
  });

  it("keeps short values whole and cuts between characters, not inside one", () => {
    expect(messages({ id: "00001", order: "x".repeat(40) })).toEqual([
      `/order must be a whole number, not the text "${"x".repeat(40)}"`,
    ]);
    const emoji = "😀".repeat(50);
    expect(messages({ id: "00001", order: emoji })).toEqual([
      `/order must be a whole number, not the text "${"😀".repeat(40)}…"`,
    ]);
  });
});
