/**
 * The sandbox's agents: a roster (the agents Thulium knows, seeded, or set in the data
 * file) and each campaign's members. Thulium documents `GET outbounds/:id/agents`,
 * `POST outbounds/:id/add_agents` and `…/remove_agents` (live-reads.md, "Agents"); what it
 * leaves open, the sandbox decides and the README says: adding a member or removing a
 * non-member changes nothing and succeeds, and a login not on the roster is refused with a
 * 400 naming it, nothing changed.
 */
import { compareLogins } from "../core/agents.js";

/** One agent of the roster, as `GET outbounds/:id/agents` lists it. */
export interface RosterAgent {
  login: string;
  /** The agent's extension number. */
  number: string;
  active: boolean;
  agent_id: number;
}

/** What the data file may hold about agents (both keys optional). */
export interface AgentData {
  /** The roster; absent: DEFAULT_ROSTER. */
  agents?: RosterAgent[];
  /** Members by campaign id, logins sorted. */
  members?: Record<string, string[]>;
}

/**
 * The roster a sandbox starts with when its data file sets none: the logins the example
 * campaigns and the README use, and a few more to try panel edits with.
 */
export const DEFAULT_ROSTER: readonly RosterAgent[] = [
  "anowak",
  "jkowalski",
  "mwisniewska",
  "pzielinski",
  "kwojcik",
  "tkaminski",
  "alewandowska",
  "mdabrowski",
].map((login, index) => ({
  login,
  number: String(3101 + index),
  active: true,
  agent_id: 11 + index,
}));

/** Logins not on the roster, in the order given, each once. */
export type UnknownLogins = string[];

export class AgentStore {
  readonly #roster = new Map<string, RosterAgent>();
  readonly #members = new Map<string, Set<string>>();

  constructor(
    private readonly onChange: () => void = () => {},
    data: AgentData = {},
  ) {
    for (const agent of data.agents ?? DEFAULT_ROSTER) this.#roster.set(agent.login, { ...agent });
    for (const [id, logins] of Object.entries(data.members ?? {}))
      this.#members.set(id, new Set(logins));
  }

  /** Whether the roster knows a login. */
  knows(login: string): boolean {
    return this.#roster.has(login);
  }

  /** The roster, by login. */
  roster(): RosterAgent[] {
    return [...this.#roster.values()].sort((a, b) => compareLogins(a.login, b.login)).map(copy);
  }

  /** A campaign's members' logins, sorted. */
  members(id: string): string[] {
    return [...(this.#members.get(id) ?? [])].sort(compareLogins);
  }

  /** A campaign's agents as `GET outbounds/:id/agents` lists them, by login. */
  list(id: string): (RosterAgent & { active_in_outbound: boolean })[] {
    return this.members(id).map((login) => {
      const agent = this.#roster.get(login);
      // A member the roster no longer holds (a hand-edited data file) is still listed.
      const known = agent ?? { login, number: "", active: false, agent_id: 0 };
      return { ...copy(known), active_in_outbound: true };
    });
  }

  /** The logins of `logins` the roster does not know. */
  unknown(logins: readonly string[]): UnknownLogins {
    return [...new Set(logins.filter((login) => !this.#roster.has(login)))];
  }

  /**
   * Make `logins` members (true) or not (false) of campaign `id`. All or nothing: with an
   * unknown login, nothing changes and the unknown ones are returned. A login already in
   * the wanted state is left as it is. Returns the logins whose membership changed.
   */
  set(
    id: string,
    logins: readonly string[],
    member: boolean,
  ): string[] | { unknown: UnknownLogins } {
    const unknown = this.unknown(logins);
    if (unknown.length > 0) return { unknown };
    const current = this.#members.get(id) ?? new Set<string>();
    const changed = [...new Set(logins)].filter((login) => current.has(login) !== member);
    if (changed.length === 0) return [];
    for (const login of changed) {
      if (member) current.add(login);
      else current.delete(login);
    }
    if (current.size === 0) this.#members.delete(id);
    else this.#members.set(id, current);
    this.onChange();
    return changed.sort(compareLogins);
  }

  /** A deleted campaign has no members. */
  forget(id: string): void {
    if (this.#members.delete(id)) this.onChange();
  }

  /** The data file's `agents` and `members` members, one line each, for `serialise`. */
  toJsonMembers(): string {
    const members: Record<string, string[]> = {};
    for (const id of [...this.#members.keys()].sort()) members[id] = this.members(id);
    return `"agents":${JSON.stringify(this.roster())},\n"members":${JSON.stringify(members)}`;
  }
}

function copy(agent: RosterAgent): RosterAgent {
  return {
    login: agent.login,
    number: agent.number,
    active: agent.active,
    agent_id: agent.agent_id,
  };
}
