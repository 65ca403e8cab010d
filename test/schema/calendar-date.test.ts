import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasDateShape, isCalendarDate } from "../../src/schema/calendar-date.js";

describe("isCalendarDate", () => {
  it.each([
    ["2027-01-01", true],
    ["2027-12-31", true],
    ["2028-02-29", true], // leap year
    ["2000-02-29", true], // divisible by 400
    ["2027-02-29", false],
    ["1900-02-29", false], // divisible by 100, not by 400
    ["2027-02-30", false],
    ["2027-04-31", false],
    ["2027-13-01", false],
    ["2027-00-10", false],
    ["2027-01-00", false],
    ["2027-1-01", false],
    ["27-01-01", false],
    ["2027-01-01T00:00:00Z", false],
    [" 2027-01-01", false],
  ])("%s → %s", (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it("agrees with the JavaScript calendar for every date shape", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const date = new Date(Date.UTC(year, month - 1, day));
          const real =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            date.getUTCMonth() === month - 1 &&
            date.getUTCDate() === day;
          expect(isCalendarDate(text)).toBe(real);
          expect(hasDateShape(text)).toBe(true);
        },
      ),
    );
  });
});
