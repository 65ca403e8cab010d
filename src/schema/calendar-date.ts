/**
 * Calendar dates as Thulium expects them: `YYYY-MM-DD`, and a day that exists.
 * JSON Schema's `format: "date"` is only a hint in many validators and editors, so the
 * check is implemented here and registered with ajv as the `date` format.
 */

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in `month` (1–12) of `year`, with Gregorian leap years. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for `YYYY-MM-DD` strings naming a real day: `2028-02-29` yes, `2027-02-29` no. */
export function isCalendarDate(text: string): boolean {
  const match = SHAPE.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** True when the text has the `YYYY-MM-DD` shape, whether or not the day exists. */
export function hasDateShape(text: string): boolean {
  return SHAPE.test(text);
}
