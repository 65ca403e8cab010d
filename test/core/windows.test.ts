import { describe, expect, it } from "vitest";
import {
  type ChangeWindows,
  decide,
  describeInstant,
  instantOfWall,
  parseFreeze,
  parseWeeklyRule,
  parseWindows,
  type WindowsInput,
} from "../../src/core/windows.js";

function windows(input: WindowsInput): ChangeWindows {
  const parsed = parseWindows(input);
  if ("problems" in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed.windows;
}

const at = (iso: string) => new Date(iso);
const weekdays = windows({ allow: ["mon-fri 08:00-20:00"] });

describe("parseWeeklyRule", () => {
  it("reads ranges, single days, lists and wrapping ranges", () => {
    const rule = (text: string) => {
      const parsed = parseWeeklyRule(text);
      if (typeof parsed === "string") throw new Error(parsed);
      return [[...parsed.days].sort(), parsed.start, parsed.end];
    };
    expect(rule("mon-fri 08:00-20:00")).toEqual([[1, 2, 3, 4, 5], 480, 1200]);
    expect(rule("sat 10:00-14:00")).toEqual([[6], 600, 840]);
    expect(rule("mon,wed,fri 9:30-24:00")).toEqual([[1, 3, 5], 570, 1440]);
    expect(rule("fri-mon 22:00-06:00")).toEqual([[0, 1, 5, 6], 1320, 360]);
    expect(rule("SAT,sun 00:00-24:00")).toEqual([[0, 6], 0, 1440]);
  });

  it("names what is wrong", () => {
    expect(parseWeeklyRule("weekdays 08:00-20:00")).toMatch(/"weekdays" is not a day/);
    expect(parseWeeklyRule("mon-fri 8-20")).toMatch(/is not a weekly window; write days/);
    expect(parseWeeklyRule("mon 25:00-26:00")).toMatch(/25:00 is not a time from 00:00/);
    expect(parseWeeklyRule("mon 08:60-09:00")).toMatch(/08:60 is not a time/);
    expect(parseWeeklyRule("mon 08:00-08:00")).toMatch(/starts and ends at the same time/);
    expect(parseWeeklyRule("mon-tue-wed 08:00-09:00")).toMatch(/"mon-tue-wed" is not a day/);
  });
});

describe("parseFreeze", () => {
  it("reads a range and a single day, both inclusive", () => {
    expect(parseFreeze("2026-12-20..2027-01-06")).toMatchObject({
      from: "2026-12-20",
      to: "2027-01-06",
    });
    expect(parseFreeze("2026-11-11")).toMatchObject({ from: "2026-11-11", to: "2026-11-11" });
  });

  it("names what is wrong", () => {
    expect(parseFreeze("2026-02-30..2026-03-01")).toMatch(/2026-02-30 is not a real calendar/);
    expect(parseFreeze("2027-01-06..2026-12-20")).toMatch(/last day is before the first/);
    expect(parseFreeze("christmas")).toMatch(/is not a freeze; write the first and last day/);
  });
});

describe("parseWindows", () => {
  it("defaults to Europe/Warsaw, every hour allowed, no freezes", () => {
    expect(windows({})).toEqual({ timezone: "Europe/Warsaw", allow: undefined, freeze: [] });
  });

  it("reports every bad entry with its pointer", () => {
    const parsed = parseWindows({
      timezone: "Europe/Warsawa",
      allow: ["mon-fri 08:00-20:00", "someday 1:00-2:00"],
      freeze: ["2026-13-01"],
    });
    expect("problems" in parsed && parsed.problems.map((p) => p.pointer)).toEqual([
      "/timezone",
      "/allow/1",
      "/freeze/0",
    ]);
  });
});

describe("decide", () => {
  it("allows inside a weekly window and refuses outside, with the next opening", () => {
    // Monday 2026-11-30, 10:00 in Warsaw (UTC+1).
    expect(decide(at("2026-11-30T09:00:00Z"), weekdays)).toEqual({
      allowed: true,
      reason: "inside the window mon-fri 08:00-20:00",
    });
    // 20:00 is the first minute outside.
    const evening = decide(at("2026-11-30T19:00:00Z"), weekdays);
    expect(evening.allowed).toBe(false);
    expect(evening.reason).toBe("outside the allowed windows (mon-fri 08:00-20:00)");
    expect(evening.nextAllowed?.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    // Friday night waits for Monday morning.
    expect(decide(at("2026-12-04T21:00:00Z"), weekdays).nextAllowed?.toISOString()).toBe(
      "2026-12-07T07:00:00.000Z",
    );
  });

  it("reads the window in local time on both sides of the spring change (last Sunday of March, 02:00 → 03:00)", () => {
    const early = windows({ allow: ["sun 01:00-04:00", "mon-fri 08:00-20:00"] });
    // Sunday 2026-03-29: 00:30Z is 01:30 CET (open); 01:00Z is 03:00 CEST (still open);
    // 02:00Z is 04:00 CEST (closed) although only 3 hours passed since 23:00Z (00:00 local).
    expect(decide(at("2026-03-29T00:30:00Z"), early).allowed).toBe(true);
    expect(decide(at("2026-03-29T01:59:00Z"), early).allowed).toBe(true);
    const closed = decide(at("2026-03-29T02:00:00Z"), early);
    expect(closed.allowed).toBe(false);
    // Monday 08:00 CEST is 06:00 UTC (the week before it was 07:00 UTC).
    expect(closed.nextAllowed?.toISOString()).toBe("2026-03-30T06:00:00.000Z");
    expect(decide(at("2026-03-23T06:30:00Z"), weekdays).allowed).toBe(false);
    expect(decide(at("2026-03-30T06:30:00Z"), weekdays).allowed).toBe(true);
  });

  it("opens a window that starts in the skipped spring hour when the clocks jump past it", () => {
    const skipped = windows({ allow: ["sun 02:30-05:00"] });
    // 02:30 never happens on 2026-03-29 in Warsaw: at 01:00Z the clock reads 03:00.
    const before = decide(at("2026-03-29T00:00:00Z"), skipped);
    expect(before.nextAllowed?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(decide(at("2026-03-29T01:00:00Z"), skipped).allowed).toBe(true);
  });

  it("reads the window in local time on both sides of the autumn change (last Sunday of October, 03:00 → 02:00)", () => {
    const night = windows({ allow: ["sun 02:00-03:00"] });
    // Sunday 2026-10-25: 02:00-03:00 local happens twice, 00:00Z-01:00Z (CEST) and
    // 01:00Z-02:00Z (CET): both are inside the window.
    expect(decide(at("2026-10-25T00:30:00Z"), night).allowed).toBe(true);
    expect(decide(at("2026-10-25T01:30:00Z"), night).allowed).toBe(true);
    expect(decide(at("2026-10-25T02:00:00Z"), night).allowed).toBe(false);
    // Before it, the next opening is the first 02:00, 00:00Z.
    expect(decide(at("2026-10-24T23:00:00Z"), night).nextAllowed?.toISOString()).toBe(
      "2026-10-25T00:00:00.000Z",
    );
    // Weekday hours move by an hour in UTC across the change.
    expect(decide(at("2026-10-23T18:30:00Z"), weekdays).allowed).toBe(false); // 20:30 CEST
    expect(decide(at("2026-10-26T18:30:00Z"), weekdays).allowed).toBe(true); // 19:30 CET
    expect(decide(at("2026-10-24T12:00:00Z"), weekdays).nextAllowed?.toISOString()).toBe(
      "2026-10-26T07:00:00.000Z",
    );
  });

  it("a freeze over New Year closes every day from its first to its last, inclusive, and wins over allow", () => {
    const holidays = windows({
      allow: ["mon-fri 08:00-20:00"],
      freeze: ["2026-12-20..2027-01-06"],
    });
    // 2026-12-19 23:59 local (a Saturday: outside allow anyway); 2026-12-20 00:00 local.
    const first = decide(at("2026-12-19T23:00:00Z"), holidays);
    expect(first.reason).toBe("inside the freeze 2026-12-20..2027-01-06");
    // New Year's Eve at noon, a Thursday inside mon-fri hours: the freeze wins.
    const newYear = decide(at("2026-12-31T11:00:00Z"), holidays);
    expect(newYear).toEqual({
      allowed: false,
      reason: "inside the freeze 2026-12-20..2027-01-06",
      nextAllowed: new Date("2027-01-07T07:00:00Z"),
    });
    // The last day, Wednesday 2027-01-06 at 19:59 local: still frozen.
    expect(decide(at("2027-01-06T18:59:00Z"), holidays).allowed).toBe(false);
    expect(decide(at("2027-01-07T07:00:00Z"), holidays).allowed).toBe(true);
  });

  it("without allow rules, a freeze ends at local midnight after its last day", () => {
    const frozen = windows({ freeze: ["2026-12-20..2027-01-06"] });
    expect(decide(at("2027-01-01T00:00:00Z"), frozen).nextAllowed?.toISOString()).toBe(
      "2027-01-06T23:00:00.000Z",
    );
    expect(decide(at("2026-12-19T22:59:00Z"), frozen)).toEqual({
      allowed: true,
      reason: "no freeze covers it",
    });
  });

  it("an overnight window runs from its day into the next morning", () => {
    const nights = windows({ allow: ["fri 22:00-06:00"] });
    expect(decide(at("2026-12-04T21:30:00Z"), nights).allowed).toBe(true); // Fri 22:30
    expect(decide(at("2026-12-05T04:59:00Z"), nights).allowed).toBe(true); // Sat 05:59
    expect(decide(at("2026-12-05T05:00:00Z"), nights).allowed).toBe(false); // Sat 06:00
    expect(
      decide(at("2026-12-04T21:30:00Z"), windows({ allow: ["sat 22:00-06:00"] })).allowed,
    ).toBe(false);
  });

  it("uses the zone it is given", () => {
    const utc = windows({ timezone: "UTC", allow: ["mon-fri 08:00-20:00"] });
    expect(decide(at("2026-11-30T07:30:00Z"), utc).allowed).toBe(false);
    expect(decide(at("2026-11-30T07:30:00Z"), weekdays).allowed).toBe(true);
  });
});

describe("instantOfWall and describeInstant", () => {
  it("gives the first of a repeated autumn time and the jump for a skipped spring time", () => {
    expect(
      new Date(instantOfWall(Date.UTC(2026, 9, 25, 2, 30), "Europe/Warsaw")).toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
    expect(
      new Date(instantOfWall(Date.UTC(2026, 2, 29, 2, 30), "Europe/Warsaw")).toISOString(),
    ).toBe("2026-03-29T01:00:00.000Z");
  });

  it("shows local time with zone and offset, then UTC", () => {
    expect(describeInstant(at("2027-01-07T07:00:00Z"), "Europe/Warsaw")).toBe(
      "Thu 2027-01-07 08:00 Europe/Warsaw (UTC+1), 2027-01-07 07:00 UTC",
    );
    expect(describeInstant(at("2026-07-01T10:15:00Z"), "Asia/Kolkata")).toBe(
      "Wed 2026-07-01 15:45 Asia/Kolkata (UTC+5:30), 2026-07-01 10:15 UTC",
    );
  });
});
