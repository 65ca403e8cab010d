/**
 * The sandbox's campaigns, in memory, with the two readings of PUT that Thulium's
 * documentation leaves open. Bodies reaching the store are already validated.
 */
import { type CampaignFields, FIELD_ORDER } from "../core/campaign.js";
import { isCampaignId } from "../core/campaign-id.js";
import { type AgentData, AgentStore } from "./agents.js";
import type { PutSemantics, StoredCampaign } from "./types.js";

/** The defaults Thulium documents for fields a campaign is created without. */
function defaults(
  today: string,
): Pick<StoredCampaign, "active" | "start_date" | "order" | "parity"> {
  return { active: true, start_date: today, order: 50, parity: 50 };
}

/** Key order of stored campaigns, so listings and the data file read naturally. */
const KEY_ORDER: readonly (keyof StoredCampaign)[] = ["id", ...FIELD_ORDER];

/** Campaigns by id. Every read returns a copy, so callers cannot change the store by accident. */
export class CampaignStore {
  readonly #campaigns = new Map<string, StoredCampaign>();
  /** Highest numeric id ever used; ids of deleted campaigns are not handed out again. */
  #highest = 0;
  /** The agent roster and each campaign's members (agents.ts). */
  readonly agents: AgentStore;

  constructor(
    private readonly options: {
      semantics: PutSemantics;
      today: () => string;
      /** Called after every change (persistence hooks in here). */
      onChange?: () => void;
    },
    initial: readonly StoredCampaign[] = [],
    agents: AgentData = {},
  ) {
    for (const campaign of initial) this.#insert(ordered(campaign));
    this.agents = new AgentStore(() => this.options.onChange?.(), agents);
  }

  /** How many campaigns there are. */
  get size(): number {
    return this.#campaigns.size;
  }

  /** Whether a campaign exists. */
  has(id: string): boolean {
    return this.#campaigns.has(id);
  }

  /** One campaign (a copy), or undefined. */
  get(id: string): StoredCampaign | undefined {
    const campaign = this.#campaigns.get(id);
    return campaign === undefined ? undefined : copy(campaign);
  }

  /** Every campaign (copies), by id. */
  list(): StoredCampaign[] {
    return this.#sorted().map(copy);
  }

  /** The campaigns as a JSON array, by id; cheap enough to run on every GET and write. */
  toJson(separator = ","): string {
    return `[${this.#sorted()
      .map((campaign) => JSON.stringify(campaign))
      .join(separator)}]`;
  }

  #sorted(): StoredCampaign[] {
    return [...this.#campaigns.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** `PUT outbounds/:id`: apply `fields` under the store's semantics; false for an unknown id. */
  update(id: string, fields: CampaignFields): boolean {
    const current = this.#campaigns.get(id);
    if (current === undefined) return false;
    const next =
      this.options.semantics === "merge"
        ? merge(current, fields)
        : ordered({ id, ...defaults(this.options.today()), ...fields });
    this.#campaigns.set(id, next);
    this.options.onChange?.();
    return true;
  }

  /**
   * An admin's change in Thulium's panel (the `/_sandbox` edit route, `sandbox edit`): merged
   * into the campaign whatever the PUT semantics, `parameters` key by key; `null` removes a
   * field or a parameter. The caller checks the values (admin-edit.ts). Returns the campaign
   * after the edit (a copy), or undefined for an unknown id.
   */
  edit(id: string, changes: Readonly<Record<string, unknown>>): StoredCampaign | undefined {
    const current = this.#campaigns.get(id);
    if (current === undefined) return undefined;
    const next: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(changes)) {
      if (key === "id") continue;
      if (key === "parameters" && value !== null) {
        const parameters: Record<string, unknown> = { ...current.parameters };
        for (const [name, parameter] of Object.entries(value as Record<string, unknown>)) {
          if (parameter === null) delete parameters[name];
          else parameters[name] = parameter;
        }
        next.parameters = Object.keys(parameters).length === 0 ? undefined : parameters;
      } else next[key] = value === null ? undefined : value;
    }
    const edited = ordered(next as unknown as StoredCampaign);
    this.#campaigns.set(id, edited);
    this.options.onChange?.();
    return copy(edited);
  }

  /**
   * `POST outbounds`: a new campaign with the documented defaults. `id` is normally assigned
   * (the next free five-digit id); tests and `--sandbox` may name one, as an admin would
   * when creating it in Thulium's panel. Throws if that id is taken or malformed.
   */
  create(fields: CampaignFields, id?: string): StoredCampaign {
    const newId = id ?? this.nextId();
    if (!isCampaignId(newId)) throw new Error(`Campaign id must be five digits, got "${newId}"`);
    if (this.#campaigns.has(newId)) throw new Error(`Campaign ${newId} already exists`);
    const campaign = ordered({
      id: newId,
      ...defaults(this.options.today()),
      ...structuredClone(fields),
    });
    this.#insert(campaign);
    this.options.onChange?.();
    return structuredClone(campaign);
  }

  /** `DELETE outbounds/:id`; false for an unknown id. */
  delete(id: string): boolean {
    const deleted = this.#campaigns.delete(id);
    if (deleted) {
      this.agents.forget(id);
      this.options.onChange?.();
    }
    return deleted;
  }

  /** The next five-digit id: one above the highest used so far. */
  nextId(): string {
    if (this.#highest >= 99_999)
      throw new Error("The sandbox has run out of five-digit campaign ids");
    return String(this.#highest + 1).padStart(5, "0");
  }

  #insert(campaign: StoredCampaign): void {
    this.#campaigns.set(campaign.id, campaign);
    const numeric = Number(campaign.id);
    if (Number.isInteger(numeric)) this.#highest = Math.max(this.#highest, numeric);
  }

  /** The data file's content: one campaign per line, so it diffs and greps well; then the agents. */
  serialise(): string {
    return `{"version":1,"campaigns":${this.toJson(",\n")},\n${this.agents.toJsonMembers()}}\n`;
  }
}

/** Omitted fields keep their values; `parameters` merges key by key. */
function merge(current: StoredCampaign, fields: CampaignFields): StoredCampaign {
  const next: StoredCampaign = { ...current, ...fields };
  if (fields.parameters !== undefined)
    next.parameters = { ...current.parameters, ...fields.parameters };
  return ordered(next);
}

/**
 * A new object with the keys in documented order. `parameters`, the one nested value, is
 * copied too: stored campaigns never share objects with callers (request bodies, copies
 * handed out), so nothing outside the store can change it. Cheaper than structuredClone,
 * which matters at thousands of PUTs a second.
 */
function ordered(campaign: StoredCampaign): StoredCampaign {
  const result: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = campaign[key];
    if (value !== undefined) result[key] = key === "parameters" ? { ...(value as object) } : value;
  }
  return result as unknown as StoredCampaign;
}

const copy = ordered;
