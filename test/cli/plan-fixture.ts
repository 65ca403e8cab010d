/** A plan with every kind of change, computed by the real engine, for the renderer tests. */
import { computePlan } from "../../src/core/diff.js";
import type { Plan } from "../../src/core/plan.js";
import { emptyState } from "../../src/core/state.js";

const at = (file: string) => ({ file, line: 1, column: 1 });

/** 00001 updated (with unmanaged fields), 00002 first apply, 00003 removed, 00004 unchanged. */
export function mixedPlan(prune: boolean): Plan {
  const state = emptyState();
  state.campaigns["00001"] = {
    fields: { name: "A", order: 10, parameters: { caller_id: "1", preview_timeout: 5 } },
    source: "campaigns/x.yaml",
  };
  state.campaigns["00003"] = {
    fields: { name: "Stara", active: true },
    source: "campaigns/old.yaml",
  };
  state.campaigns["00004"] = { fields: { name: "Same" }, source: "campaigns/x.yaml" };
  return computePlan(
    [
      {
        id: "00001",
        fields: { name: "Kampania X", parameters: { caller_id: "123" } },
        location: at("campaigns/x.yaml"),
      },
      {
        id: "00002",
        fields: { name: "Nowa", dialer: "preview" },
        location: at("campaigns/y.yaml"),
      },
      { id: "00004", fields: { name: "Same" }, location: at("campaigns/x.yaml") },
    ],
    state,
    { only: [], prune },
  );
}

/** `count` campaigns new to the state, each with a long name and every field. */
export function largePlan(count: number): Plan {
  const declared = Array.from({ length: count }, (_, i) => ({
    id: String(i + 1).padStart(5, "0"),
    fields: {
      name: `Kampania sprzedażowa numer ${i + 1} | <b>promocja</b> *jesień*`,
      dialer: "predictive" as const,
      active: true,
      start_date: "2025-01-01",
      end_date: "2025-12-31",
      order: 10,
      parity: 50,
      group_id: 15,
      parameters: { caller_id: "48500600700", predictive_max_calls: 3, predictive_min_calls: 1 },
    },
    location: at(`campaigns/region-${i % 7}.yaml`),
  }));
  return computePlan(declared, emptyState(), { only: [], prune: false });
}
