/** `sandbox edit` arguments → the edit body: YAML scalars, text fields as typed, removals. */
import { describe, expect, it } from "vitest";
import { editBody, editId } from "../../src/cli/flows/sandbox-edit-args.js";
import { UsageError } from "../../src/errors.js";

describe("editBody", () => {
  it.each<[string[], Record<string, unknown>]>([
    [["order=99"], { order: 99 }],
    [["active=false"], { active: false }],
    [["active=true", "parity=7"], { active: true, parity: 7 }],
    [["name=New name"], { name: "New name" }],
    [['name="Quoted: with colon"'], { name: "Quoted: with colon" }],
    [["name=2027"], { name: "2027" }],
    [["name=Kampania: druga"], { name: "Kampania: druga" }],
    [["dialer=preview"], { dialer: "preview" }],
    [["start_date=2027-01-05"], { start_date: "2027-01-05" }],
    [["end_date="], { end_date: null }],
    [["end_date=null"], { end_date: null }],
    [["group_id=~"], { group_id: null }],
    [["parameters.caller_id=+48221234567"], { parameters: { caller_id: "+48221234567" } }],
    [["parameters.caller_id=0221234567"], { parameters: { caller_id: "0221234567" } }],
    [
      ["parameters.preview_timeout=30", "parameters.predictive_max_calls=2.5"],
      { parameters: { preview_timeout: 30, predictive_max_calls: 2.5 } },
    ],
    [["parameters.caller_id="], { parameters: { caller_id: null } }],
    [["order=1", "order=2"], { order: 2 }],
    [["order=ten"], { order: "ten" }], // the sandbox answers "must be an integer"
  ])("%j → %j", (assignments, body) => {
    expect(editBody(assignments)).toEqual(body);
  });

  it.each([
    ["order", /"order" is not FIELD=VALUE; e\.g\. order=99/],
    ["=5", /"=5" is not FIELD=VALUE/],
    [
      "ordr=5",
      /Unknown field "ordr" in "ordr=5"\. Did you mean order\? The fields are name, dialer/,
    ],
    ["id=5", /Unknown field "id"/],
    ["parameters.ring=5", /Unknown field "parameters.ring"/],
    ["parameters={}", /set parameters one at a time, e\.g\. parameters\.caller_id=/],
    ["order=[1, 2]", /order: "\[1, 2\]" is not a single value/],
    ["order={a: 1}", /order: "\{a: 1\}" is not a single value/],
    ["order=a: b", /order: "a: b" is not a single value/],
    ["order=[", /order: "\[" is not a value/],
  ])("%j is refused", (assignment, message) => {
    expect(() => editBody([assignment])).toThrow(UsageError);
    expect(() => editBody([assignment])).toThrow(message);
  });
});

describe("editId", () => {
  it.each([
    ["00001", "00001"],
    ["1", "00001"],
    ["42", "00042"],
  ])("%s → %s", (raw, id) => expect(editId(raw)).toBe(id));

  it.each(["abc", "123456", "", "1.5", "-1"])("%j is refused", (raw) => {
    expect(() => editId(raw)).toThrow(/is not a campaign id: give its five digits/);
  });
});
