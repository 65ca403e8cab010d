/**
 * Change windows (after Argo CD's sync windows): weekly hours in which `apply` may run and
 * dated freezes in which it may not, in one IANA time zone. Pure: the clock is an argument
 * and the time zone arithmetic is Intl's, so daylight-saving changes come from the same
 * tz database the operating system's clocks use (no dependency of our own).
 */

/** The time zone when the settings name none: the contact centres this tool serves. */
export const DEFAULT_TIMEZONE = "Europe/Warsaw";

/** One weekly rule: `mon-fri 08:00-20:00`. Minutes are since local midnight. */
export interface WeeklyRule {
  text: string;
  /** Local weekdays the window starts on, 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  start: number;
  /** Exclusive; 1440 for `24:00`. Below `start` for an overnight rule (`22:00-06:00`). */
  end: number;
}

/** One freeze: `2026-12-20..2027-01-06`, both days included. */
export interface Freeze {
  text: string;
  /** `YYYY-MM-DD`. */
  from: string;
  to: string;
}

export interface ChangeWindows {
  timezone: string;
  /** Undefined: every hour is allowed (only freezes close apply). */
  allow: readonly WeeklyRule[] | undefined;
  freeze: readonly Freeze[];
}

/** What a settings file holds under `windows:` (already checked to be of these types). */
export interface WindowsInput {
  timezone?: string;
  allow?: readonly string[];
  freeze?: readonly string[];
}

/** A problem in one entry; `pointer` is relative to `windows` (`/allow/0`). */
export interface WindowProblem {
  pointer: string;
  message: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, in words: the window or freeze that decided it. */
  reason: string;
  /** When closed: the first minute apply is allowed again (undefined if never, within two years). */
  nextAllowed?: Date;
}

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Parse `windows:`; every problem at once, each with the entry it is about. */
export function parseWindows(
  input: WindowsInput | undefined,
): { windows: ChangeWindows } | { problems: WindowProblem[] } {
  const problems: WindowProblem[] = [];
  const timezone = input?.timezone ?? DEFAULT_TIMEZONE;
  if (!isTimeZone(timezone)) {
    problems.push({
      pointer: "/timezone",
      message: `"${timezone}" is not an IANA time zone this system knows; write one such as Europe/Warsaw or UTC`,
    });
  }
  const allow = input?.allow?.map((text, index) => {
    const parsed = parseWeeklyRule(text);
    if (typeof parsed === "string") problems.push({ pointer: `/allow/${index}`, message: parsed });
    return parsed;
  });
  const freeze = (input?.freeze ?? []).map((text, index) => {
    const parsed = parseFreeze(text);
    if (typeof parsed === "string") problems.push({ pointer: `/freeze/${index}`, message: parsed });
    return parsed;
  });
  if (problems.length > 0) return { problems };
  return {
    windows: {
      timezone,
      allow: allow as WeeklyRule[] | undefined,
      freeze: freeze as Freeze[],
    },
  };
}

const RULE_SHAPE =
  'write days and hours such as "mon-fri 08:00-20:00", "sat 10:00-14:00" or "mon,wed 22:00-06:00"';

/** `DAYS HH:MM-HH:MM`; DAYS is a comma list of days (`sat`) and ranges (`mon-fri`, `fri-mon`). */
export function parseWeeklyRule(text: string): WeeklyRule | string {
  const match = /^\s*([a-z,-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/i.exec(text);
  if (match === null) return `"${text}" is not a weekly window; ${RULE_SHAPE}`;
  const [, dayText = "", startText = "", endText = ""] = match;
  const days = parseDays(dayText.toLowerCase());
  if (typeof days === "string") return `"${text}": ${days}`;
  const start = parseClock(startText, false);
  const end = parseClock(endText, true);
  if (start === undefined) return `"${text}": ${startText} is not a time from 00:00 to 23:59`;
  if (end === undefined) return `"${text}": ${endText} is not a time from 00:00 to 24:00`;
  if (start === end) return `"${text}": the window starts and ends at the same time`;
  return { text, days, start, end };
}

function parseDays(text: string): Set<number> | string {
  const days = new Set<number>();
  for (const part of text.split(",")) {
    const [first, last, extra] = part.split("-");
    const from = dayIndex(first);
    const to = last === undefined ? from : dayIndex(last);
    if (extra !== undefined || from === undefined || to === undefined) {
      return `"${part}" is not a day or a range of days; days are ${DAY_NAMES.join(", ")} (a range: mon-fri)`;
    }
    // A range may wrap over the weekend: fri-mon is fri, sat, sun, mon.
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return days;
}

function dayIndex(name: string | undefined): number | undefined {
  const index = DAY_NAMES.indexOf(name as (typeof DAY_NAMES)[number]);
  return index < 0 ? undefined : index;
}

function parseClock(text: string, endOfDay: boolean): number | undefined {
  const [hours = NaN, minutes = NaN] = text.split(":").map(Number);
  if (endOfDay && hours === 24 && minutes === 0) return 1440;
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** `YYYY-MM-DD..YYYY-MM-DD` (a single `YYYY-MM-DD` is a one-day freeze). */
export function parseFreeze(text: string): Freeze | string {
  const match = /^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.\s*(\d{4}-\d{2}-\d{2}))?\s*$/.exec(text);
  const shape = 'write the first and last day, both included, such as "2026-12-20..2027-01-06"';
  if (match === null) return `"${text}" is not a freeze; ${shape}`;
  const from = match[1] ?? "";
  const to = match[2] ?? from;
  for (const date of [from, to]) {
    if (!isRealDate(date)) return `"${text}": ${date} is not a real calendar date`;
  }
  if (to < from) return `"${text}": the last day is before the first`;
  return { text, from, to };
}

function isRealDate(date: string): boolean {
  const [y = 0, m = 0, d = 0] = date.split("-").map(Number);
  const utc = new Date(Date.UTC(y, m - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Local wall-clock time in a zone, read from Intl. */
interface Wall {
  date: string; // YYYY-MM-DD
  weekday: number;
  minute: number; // since local midnight
  /** The wall time written as if it were UTC, in ms: comparable across instants. */
  asUtc: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timezone: string): Wall {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  const midnight = Date.UTC(year, month - 1, day);
  return {
    date: isoDate(midnight),
    weekday: new Date(midnight).getUTCDay(),
    minute: hour * 60 + minute,
    asUtc: midnight + (hour * 60 + minute) * MINUTE,
  };
}

function isoDate(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/**
 * The first instant whose local wall time is at or after `wallAsUtc` (a wall time written
 * as if UTC). A wall time that happens twice (autumn) gives its first occurrence; one that
 * never happens (spring, 02:30 in Warsaw) gives the moment the clocks jump past it.
 */
export function instantOfWall(wallAsUtc: number, timezone: string): number {
  const offsetAt = (instant: number) => wallClock(instant, timezone).asUtc - floorMinute(instant);
  // The offsets a day either side cover both sides of any transition near this time.
  const guesses = [...new Set([offsetAt(wallAsUtc - DAY), offsetAt(wallAsUtc + DAY)])]
    .map((offset) => wallAsUtc - offset)
    .sort((a, b) => a - b);
  const exact = guesses.find((instant) => wallClock(instant, timezone).asUtc === wallAsUtc);
  if (exact !== undefined) return exact;
  // In a gap: the wall clock jumps from before the time to after it between the guesses.
  let low = guesses[0] ?? wallAsUtc;
  let high = guesses[guesses.length - 1] ?? wallAsUtc;
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallClock(middle, timezone).asUtc >= wallAsUtc) high = middle;
    else low = middle;
  }
  return high;
}

function floorMinute(instant: number): number {
  return Math.floor(instant / MINUTE) * MINUTE;
}

function openRule(rules: readonly WeeklyRule[], wall: Wall): WeeklyRule | undefined {
  const yesterday = (wall.weekday + 6) % 7;
  return rules.find((rule) => {
    if (rule.start < rule.end) {
      return rule.days.has(wall.weekday) && wall.minute >= rule.start && wall.minute < rule.end;
    }
    // Overnight: from the start on a listed day to the end on the next morning.
    return (
      (rule.days.has(wall.weekday) && wall.minute >= rule.start) ||
      (rule.days.has(yesterday) && wall.minute < rule.end)
    );
  });
}

function status(instant: number, windows: ChangeWindows): { allowed: boolean; reason: string } {
  const wall = wallClock(instant, windows.timezone);
  const freeze = windows.freeze.find((f) => wall.date >= f.from && wall.date <= f.to);
  if (freeze !== undefined) return { allowed: false, reason: `inside the freeze ${freeze.text}` };
  if (windows.allow === undefined) return { allowed: true, reason: "no freeze covers it" };
  const rule = openRule(windows.allow, wall);
  if (rule !== undefined) return { allowed: true, reason: `inside the window ${rule.text}` };
  const list = windows.allow.map((r) => r.text).join(", ");
  return { allowed: false, reason: `outside the allowed windows (${list})` };
}

/** Farthest ahead the next allowed time is looked for. */
const HORIZON_DAYS = 731;

/** Whether apply may run at `now`, why, and when it may next if not. */
export function decide(now: Date, windows: ChangeWindows): Decision {
  const instant = floorMinute(now.getTime());
  const current = status(instant, windows);
  if (current.allowed) return current;
  const next = nextAllowed(instant, windows);
  return next === undefined ? current : { ...current, nextAllowed: new Date(next) };
}

/**
 * Apply can only become allowed where a window opens or a freeze ends, so those local
 * times (turned into instants in the zone) are the only candidates to check.
 */
function nextAllowed(after: number, windows: ChangeWindows): number | undefined {
  const today = Date.UTC(...ymd(wallClock(after, windows.timezone).date));
  const walls = new Set<number>();
  for (const freeze of windows.freeze) {
    walls.add(Date.UTC(...ymd(freeze.to)) + DAY); // local midnight after its last day
  }
  for (let day = 0; day <= HORIZON_DAYS; day += 1) {
    const midnight = today + day * DAY;
    const weekday = new Date(midnight).getUTCDay();
    for (const rule of windows.allow ?? []) {
      if (rule.days.has(weekday)) walls.add(midnight + rule.start * MINUTE);
    }
  }
  // In wall-time order; a daylight-saving shift can reorder instants only within a few
  // hours, so once one is allowed, only candidates that close are still worth checking.
  let best: number | undefined;
  let bestWall = Number.POSITIVE_INFINITY;
  for (const wall of [...walls].sort((a, b) => a - b)) {
    if (wall > bestWall + 3 * 60 * MINUTE || wall > today + (HORIZON_DAYS + 1) * DAY) break;
    const instant = instantOfWall(wall, windows.timezone);
    if (instant <= after || (best !== undefined && instant >= best)) continue;
    if (!status(instant, windows).allowed) continue;
    best = instant;
    bestWall = Math.min(bestWall, wall);
  }
  return best;
}

function ymd(date: string): [number, number, number] {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return [y, m - 1, d];
}

/**
 * An instant as operators read it: local time with the zone and its UTC offset, then UTC
 * (`Thu 2027-01-07 08:00 Europe/Warsaw (UTC+1), 2027-01-07 07:00 UTC`).
 */
export function describeInstant(instant: Date, timezone: string): string {
  const wall = wallClock(instant.getTime(), timezone);
  const offsetMinutes = Math.round((wall.asUtc - floorMinute(instant.getTime())) / MINUTE);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `UTC${sign}${Math.floor(abs / 60)}${abs % 60 === 0 ? "" : `:${pad(abs % 60)}`}`;
  const day = DAY_NAMES[wall.weekday] ?? "";
  const local = `${capitalise(day)} ${wall.date} ${clock(wall.minute)} ${timezone} (${offset})`;
  const utc = instant.toISOString();
  return `${local}, ${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

function clock(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
