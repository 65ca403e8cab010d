/** `--only` ids that name no known campaign, and the known ids closest to them (issue 10, item 3). */
import { describe, expect, it } from "vitest";
import { closestIds, unknownOnlyIds } from "../../src/core/only-ids.js";
import { emptyState } from "../../src/core/state.js";

const at = { file: "c.yaml", line: 1, column: 1 };

describe("unknownOnlyIds", () => {
  it("returns the ids neither declared nor in the state, in the order given, once each", () => {
    const state = emptyState();
    state.campaigns["00005"] = { fields: {}, source: "old.yaml" };
    const declared = [{ id: "00001", fields: {}, location: at }];
    expect(unknownOnlyIds(["00001", "00005"], declared, state)).toEqual([]);
    expect(unknownOnlyIds(["2", "00001", "00099", "2"], declared, state)).toEqual(["2", "00099"]);
    expect(unknownOnlyIds([], declared, state)).toEqual([]);
  });
});

describe("closestIds", () => {
  const known = ["00001", "00002", "00003", "00010", "00042", "12345"];

  it("pads a short number to five digits first", () => {
    expect(closestIds("2", known)).toEqual(["00002"]);
    expect(closestIds("42", known)).toEqual(["00042"]);
  });

  it("otherwise offers up to three ids within two edits, nearest first, then numerically nearest", () => {
    expect(closestIds("00004", known)).toEqual(["00003", "00002", "00001"]);
    expect(closestIds("00099", known)).toEqual(["00042", "00010", "00003"]);
    expect(closestIds("12354", known)).toEqual(["12345"]);
    expect(closestIds("98765", known)).toEqual([]);
    expect(closestIds("abc", known)).toEqual([]);
    expect(closestIds("2", [])).toEqual([]);
  });
});
