/**
 * Agent logins and membership, as pure functions: the login form (the schema's pattern,
 * kept in one place for code), and the sorted, duplicate-free lists every request body, state
 * entry and report uses. No I/O.
 */

/**
 * A Thulium agent login as campaign files may declare it: letters, digits and `. _ - @`,
 * starting with a letter or digit, at most 64 characters. The same pattern as
 * `agents.items` in schemas/campaign.schema.json (a test keeps them equal).
 */
export const AGENT_LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Code-unit order, as `sort()` without a comparator: the same on every machine and locale. */
export function compareLogins(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The logins sorted, each once: the form of every list the tool sends, records or reports. */
export function sortedLogins(logins: Iterable<string>): string[] {
  return [...new Set(logins)].sort(compareLogins);
}

/**
 * Each later listing of a login already listed: its index, and the index of its first
 * listing. Exact comparison: Thulium does not document whether logins ignore case.
 */
export function repeatedLogins(
  logins: readonly unknown[],
): { index: number; firstIndex: number; login: string }[] {
  const first = new Map<string, number>();
  const repeated: { index: number; firstIndex: number; login: string }[] = [];
  logins.forEach((login, index) => {
    if (typeof login !== "string") return;
    const seen = first.get(login);
    if (seen === undefined) first.set(login, index);
    else repeated.push({ index, firstIndex: seen, login });
  });
  return repeated;
}
