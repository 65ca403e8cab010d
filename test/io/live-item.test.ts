/**
 * Reading one item of the undocumented campaign list: every accepted spelling of every
 * field (live-reads.md's table), not visible versus unreadable, ids, unknown keys.
 */
import { describe, expect, it } from "vitest";
import { readLiveId, readLiveItem } from "../../src/io/thulium/live-item.js";

/** The item `{id: "00001", [field]: raw}` read; what became of `field`. */
function readField(field: string, raw: unknown) {
  const campaign = readLiveItem({ id: "00001", [field]: raw });
  if (campaign === undefined) throw new Error("item skipped");
  return {
    fields: campaign.fields as Record<string, unknown>,
    unreadable: campaign.unreadable,
  };
}

describe("accepted spellings, normalised to the schema's types", () => {
  it.each([
    // boolean
    ["active", true, true],
    ["active", false, false],
    ["active", 1, true],
    ["active", 0, false],
    ["active", "1", true],
    ["active", "0", false],
    ["active", "true", true],
    ["active", "false", false],
    // integer
    ["order", 10, 10],
    ["order", "10", 10],
    ["order", "00010", 10],
    ["parity", "50", 50],
    ["group_id", 15, 15],
    ["group_id", "15", 15],
    ["order", 0, 0], // a live value may break the schema: reading is not validating
    // date, optionally with a time
    ["start_date", "2027-01-05", "2027-01-05"],
    ["start_date", "2027-01-05 00:00:00", "2027-01-05"],
    ["start_date", "2027-01-05T09:30:00", "2027-01-05"],
    ["end_date", "2028-02-29 23:59:59", "2028-02-29"],
    ["end_date", "2027-06-30T00:00:00+02:00", "2027-06-30"],
    // not set
    ["end_date", null, null],
    ["end_date", "", null],
    ["group_id", null, null],
    ["group_id", "", null],
    // text, as shown
    ["name", "Kampania sprzedażowa 2027", "Kampania sprzedażowa 2027"],
    ["name", " spaced ", " spaced "],
    ["dialer", "preview", "preview"],
    ["dialer", "power", "power"],
  ])("%s: %j → %j", (field, raw, expected) => {
    const { fields, unreadable } = readField(field, raw);
    expect(fields[field]).toStrictEqual(expected);
    expect(unreadable).toEqual([]);
  });
});

describe("values fitting no spelling are unreadable, never guessed", () => {
  it.each([
    ["active", "yes"],
    ["active", 2],
    ["active", null],
    ["active", "TRUE"],
    ["order", 10.5],
    ["order", "10.5"],
    ["order", "-1"],
    ["order", " 10"],
    ["order", "9007199254740993"],
    ["order", null],
    ["order", ""],
    ["parity", true],
    ["group_id", "abc"],
    ["group_id", {}],
    ["start_date", "2027-02-30"],
    ["start_date", "0000-00-00"],
    ["start_date", "0000-00-00 00:00:00"],
    ["start_date", "05.01.2027"],
    ["start_date", 20270105],
    ["start_date", null],
    ["start_date", ""],
    ["end_date", "2027-01-05 nonsense"],
    ["name", null],
    ["name", 42],
    ["dialer", 1],
    ["dialer", null],
    ["parameters", "not json"],
    ["parameters", "[1,2]"],
    ["parameters", 5],
    ["parameters", [1]],
  ])("%s: %j", (field, raw) => {
    const { fields, unreadable } = readField(field, raw);
    expect(fields).not.toHaveProperty(field);
    expect(unreadable).toEqual([field]);
  });
});

describe("parameters", () => {
  it.each([
    ["an object", { caller_id: "+48221234567", preview_timeout: 30 }],
    ["a string holding a JSON object", '{"caller_id":"+48221234567","preview_timeout":30}'],
    ["an object with digit strings", { caller_id: "+48221234567", preview_timeout: "30" }],
  ])("as %s", (_name, raw) => {
    expect(readField("parameters", raw).fields.parameters).toStrictEqual({
      caller_id: "+48221234567",
      preview_timeout: 30,
    });
  });

  it("caller_id as a number becomes its digits", () => {
    expect(readField("parameters", { caller_id: 221234567 }).fields.parameters).toStrictEqual({
      caller_id: "221234567",
    });
  });

  it("predictive ratios as numbers or decimal strings", () => {
    const { fields } = readField("parameters", {
      predictive_max_calls: "2.5",
      predictive_min_calls: 1,
    });
    expect(fields.parameters).toStrictEqual({ predictive_max_calls: 2.5, predictive_min_calls: 1 });
  });

  it("null and empty values are visible and not set", () => {
    const { fields } = readField("parameters", { caller_id: null, preview_timeout: "" });
    expect(fields.parameters).toStrictEqual({ caller_id: null, preview_timeout: null });
  });

  it.each([null, "", [], "[]", "{}"])("%j is an empty map: no parameter is visible", (raw) => {
    const { fields, unreadable } = readField("parameters", raw);
    expect(fields.parameters).toStrictEqual({});
    expect(unreadable).toEqual([]);
  });

  it("an unreadable parameter is named by its path; the others are still read", () => {
    const { fields, unreadable } = readField("parameters", {
      caller_id: "123",
      preview_timeout: "soon",
      predictive_max_calls: [],
    });
    expect(fields.parameters).toStrictEqual({ caller_id: "123" });
    expect(unreadable).toEqual(["parameters.predictive_max_calls", "parameters.preview_timeout"]);
  });

  it("unknown parameter keys are ignored", () => {
    expect(readField("parameters", { caller_id: "1", ring_time: 20 }).fields.parameters).toEqual({
      caller_id: "1",
    });
  });
});

describe("items", () => {
  it("a missing key is not visible: absent from fields, not unreadable", () => {
    const campaign = readLiveItem({ id: "00007", name: "Only a name" });
    expect(campaign).toEqual({ id: "00007", fields: { name: "Only a name" }, unreadable: [] });
  });

  it("unknown keys are ignored, the known ones read", () => {
    const campaign = readLiveItem({
      id: 3,
      name: "A",
      records_count: 12,
      created_at: "2026-01-01 10:00:00",
      type: { weird: true },
    });
    expect(campaign).toEqual({ id: "00003", fields: { name: "A" }, unreadable: [] });
  });

  it("a full PHP-spelt item", () => {
    expect(
      readLiveItem({
        id: "00012",
        name: "Ankieta",
        dialer: "predictive",
        active: "0",
        start_date: "2027-01-05 00:00:00",
        end_date: null,
        order: "20",
        parity: "50",
        parameters: '{"caller_id":"221234567","predictive_max_calls":2.5}',
        group_id: "",
      }),
    ).toEqual({
      id: "00012",
      fields: {
        name: "Ankieta",
        dialer: "predictive",
        active: false,
        start_date: "2027-01-05",
        end_date: null,
        order: 20,
        parity: 50,
        parameters: { caller_id: "221234567", predictive_max_calls: 2.5 },
        group_id: null,
      },
      unreadable: [],
    });
  });

  it("unreadable paths are listed in the schema's field order", () => {
    const campaign = readLiveItem({
      id: "00001",
      group_id: "x",
      active: "maybe",
      parameters: { caller_id: [] },
      name: 1,
    });
    expect(campaign?.unreadable).toEqual(["name", "active", "parameters.caller_id", "group_id"]);
  });

  it.each([
    ["00042", "00042"],
    ["42", "00042"],
    [42, "00042"],
    [9098, "09098"],
    ["09098", "09098"],
    ["123456", "123456"],
    [0, "00000"],
  ])("id %j → %j", (raw, expected) => {
    expect(readLiveId(raw)).toBe(expected);
    expect(readLiveItem({ id: raw })?.id).toBe(expected);
  });

  it.each([
    ["no id", { name: "x" }],
    ["a null id", { id: null }],
    ["an empty id", { id: "" }],
    ["a non-digit id", { id: "abc" }],
    ["a signed id", { id: "-1" }],
    ["a fractional id", { id: 4.5 }],
    ["a negative id", { id: -3 }],
    ["an id with spaces", { id: " 42" }],
    ["an object id", { id: { value: 1 } }],
    ["a string item", "00001"],
    ["a null item", null],
    ["an array item", ["00001"]],
  ])("%s: skipped (undefined)", (_name, item) => {
    expect(readLiveItem(item)).toBeUndefined();
  });
});
