/**
 * The error an incomplete apply ends with: counts in words that agree with their numbers
 * (issue 10, item 25: "the 1 others", "the 0 others").
 */
import { describe, expect, it } from "vitest";
import { throwIfIncomplete } from "../../src/cli/flows/apply-outcome.js";
import type { PlannedChange } from "../../src/core/plan.js";
import { plural } from "../../src/core/words.js";
import { ApiError, PartialApplyError } from "../../src/errors.js";
import type { ExecuteResult } from "../../src/use-cases/execute-plan.js";

function change(id: string): PlannedChange {
  return { id, action: "update", source: "c.yaml", fields: [], operations: [] };
}

function result(succeeded: number, failed: number): ExecuteResult {
  const error = new ApiError("no such campaign", { messages: [], fatal: false, status: 404 });
  return {
    succeeded: Array.from({ length: succeeded }, (_, i) => change(`1000${i}`)),
    failed: Array.from({ length: failed }, (_, i) => ({ change: change(`2000${i}`), error })),
    notStarted: [],
    interrupted: false,
  };
}

function message(succeeded: number, failed: number): string {
  try {
    throwIfIncomplete(result(succeeded, failed));
  } catch (error) {
    expect(error).toBeInstanceOf(PartialApplyError);
    return (error as Error).message;
  }
  throw new Error("expected a PartialApplyError");
}

describe("throwIfIncomplete", () => {
  it("says how many others were applied, in words that agree with the number", () => {
    expect(message(5, 1)).toContain("1 campaign failed; the 5 others were applied and recorded.");
    expect(message(1, 1)).toContain("1 campaign failed; the other one was applied and recorded.");
    expect(message(0, 1)).toContain("1 campaign failed, and no other change was applied.");
    expect(message(0, 3)).toContain("3 campaigns failed, and no other change was applied.");
    expect(message(1, 2)).toContain("2 campaigns failed; the other one was applied and recorded.");
    for (const [ok, failed] of [
      [0, 1],
      [1, 1],
      [1, 2],
    ] as const) {
      expect(message(ok, failed)).not.toMatch(/the [01] others/);
    }
  });
});

describe("plural", () => {
  it("puts the noun in the number that agrees with the count", () => {
    expect(plural(0, "field")).toBe("0 fields");
    expect(plural(1, "field")).toBe("1 field");
    expect(plural(2, "field")).toBe("2 fields");
    expect(plural(1, "campaign file")).toBe("1 campaign file");
    expect(plural(3, "change")).toBe("3 changes");
  });
});
