/**
 * A date as Thulium reads campaign dates: `YYYY-MM-DD` with no time zone, so the local
 * calendar date of the machine running the tool. The one place that formats it (the CLI's
 * "today", the sandbox's default start_date).
 */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
