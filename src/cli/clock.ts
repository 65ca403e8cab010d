/**
 * Today's date as Thulium reads campaign dates: `YYYY-MM-DD` with no time zone, so the
 * local calendar date of the machine running the tool.
 */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
