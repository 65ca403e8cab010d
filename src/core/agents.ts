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

/** A campaign's membership as Thulium showed it (io/thulium/campaign-agents.ts reads it). */
export interface LiveMembership {
  /** The logins listed, sorted, each once. */
  logins: readonly string[];
  /** Items listed without a usable login: members shown but not named. */
  skipped: number;
}

/** How live membership differs from what the state recorded. */
export interface AgentsDrift {
  /** Recorded logins (the tool made them members) that are no longer members, sorted. */
  missing: string[];
  /** Under `exact` only: members the state does not record, sorted. */
  unexpected: string[];
}

/**
 * The recorded logins against live membership. Only what was seen is reported: with items
 * that named no login, a recorded login absent from the named ones may be among them, so
 * `missing` is not claimed and the membership counts as unreadable; `unexpected` (exact) is
 * still reported, every one of those was seen. Pure.
 */
export function compareMembership(
  recorded: readonly string[],
  exact: boolean,
  live: LiveMembership,
): { drift: AgentsDrift; unreadable: boolean } {
  const members = new Set(live.logins);
  const own = new Set(recorded);
  const unreadable = live.skipped > 0;
  return {
    drift: {
      missing: unreadable ? [] : sortedLogins(recorded.filter((login) => !members.has(login))),
      unexpected: exact ? sortedLogins(live.logins.filter((login) => !own.has(login))) : [],
    },
    unreadable,
  };
}

/** True when a campaign's membership drifted. */
export function hasAgentsDrift(drift: AgentsDrift | undefined): boolean {
  return drift !== undefined && drift.missing.length + drift.unexpected.length > 0;
}

/**
 * Whether drift has anything to compare for a recorded membership: a login the tool owns
 * (could go missing), or `exact` (any member could be unexpected).
 */
export function membershipToCheck(
  recorded: readonly string[] | undefined,
  exact: boolean,
): boolean {
  return recorded !== undefined && (recorded.length > 0 || exact);
}
