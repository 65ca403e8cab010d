import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../src/schema/suggest.js";

const FIELDS = [
  "id",
  "name",
  "dialer",
  "active",
  "start_date",
  "end_date",
  "order",
  "parity",
  "group_id",
  "parameters",
];

describe("editDistance", () => {
  it.each([
    ["name", "name", 0],
    ["nmae", "name", 1], // a swap is one typo
    ["nam", "name", 1],
    ["naem", "name", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s ↔ %s = %i", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe("closestName", () => {
  it.each([
    ["nmae", "name"],
    ["dailer", "dialer"],
    ["start-date", "start_date"],
    ["End_Date", "end_date"],
    ["groupid", "group_id"],
    ["parametres", "parameters"],
    ["ide", "id"],
  ])("%s → %s", (typo, expected) => {
    expect(closestName(typo, FIELDS)).toBe(expected);
  });

  it.each(["colour", "x", "priority", "caller_id"])("%s has no plausible match", (name) => {
    expect(closestName(name, FIELDS)).toBeUndefined();
  });
});
