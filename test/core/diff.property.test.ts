import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueAtPath } from "../../src/core/apply-request.js";
import { type CampaignFields, DIALERS } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import { normaliseFields } from "../../src/core/normalise.js";
import { putRequestOf } from "../../src/core/operation.js";
import type { FieldChange } from "../../src/core/plan.js";
import { emptyState, type State } from "../../src/core/state.js";
import { applyRequestBody } from "./helpers/put-model.js";

// Small value pools so that before and after often share values (equal and unequal cases).
const parameters = fc.record(
  {
    caller_id: fc.constantFrom("1", "123456789", "48500600700"),
    preview_timeout: fc.integer({ min: 0, max: 3 }),
    predictive_max_calls: fc.integer({ min: 1, max: 3 }),
    predictive_min_calls: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: [] },
);

const fields: fc.Arbitrary<CampaignFields> = fc.record(
  {
    name: fc.constantFrom("A", "B", "Kampania sprzedażowa 2015"),
    dialer: fc.constantFrom(...DIALERS),
    active: fc.boolean(),
    start_date: fc.constantFrom("2025-01-01", "2025-06-01"),
    end_date: fc.constantFrom("2025-12-31", "2026-12-31"),
    order: fc.integer({ min: 1, max: 3 }),
    parity: fc.integer({ min: 1, max: 3 }),
    group_id: fc.integer({ min: 1, max: 3 }),
    parameters,
  },
  { requiredKeys: [] },
);

/** The same fields with keys in another order, at both levels. */
function reversed(value: CampaignFields): CampaignFields {
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(
    entries.map(([key, member]) =>
      key === "parameters"
        ? [key, Object.fromEntries(Object.entries(member).reverse())]
        : [key, member],
    ),
  ) as CampaignFields;
}

function stateWith(id: string, fieldsBefore: CampaignFields | null): State {
  const state = emptyState();
  if (fieldsBefore !== null)
    state.campaigns[id] = { fields: fieldsBefore, source: "campaigns/a.yaml" };
  return state;
}

/** Every path a field set has: top-level fields and `parameters.*` keys. */
function paths(value: CampaignFields): string[] {
  return Object.entries(value).flatMap(([key, member]) =>
    key === "parameters" ? Object.keys(member).map((name) => `parameters.${name}`) : [key],
  );
}

/** Set (or, for an unmanaged field, delete) each listed path on a copy of `base`. */
function replay(base: CampaignFields, changes: readonly FieldChange[]): CampaignFields {
  const result = structuredClone(base) as Record<string, unknown>;
  for (const change of changes) {
    const [top, key] = change.path.split(".") as [string, string | undefined];
    if (key !== undefined && result[top] === undefined) result[top] = {};
    const target = key === undefined ? result : (result[top] as Record<string, unknown>);
    const name = key ?? top;
    if (change.unmanaged) delete target[name];
    else target[name] = change.after;
  }
  return normaliseFields(result as CampaignFields);
}

const at = { file: "campaigns/a.yaml", line: 1, column: 1 };

describe("computePlan properties", () => {
  it("diff(x, x) is empty, whatever the key order", () => {
    fc.assert(
      fc.property(fields, (x) => {
        const plan = computePlan(
          [{ id: "00001", fields: reversed(x), location: at }],
          stateWith("00001", x),
          {
            only: [],
            prune: false,
          },
        );
        expect(plan.changes).toEqual([]);
        expect(plan.summary).toEqual({ update: 0, unchanged: 1, forget: 0, deactivate: 0 });
      }),
    );
  });

  it("applying the request to before gives after; the field changes say exactly what moved", () => {
    fc.assert(
      fc.property(fc.option(fields, { nil: null }), fields, (before, after) => {
        const plan = computePlan(
          [{ id: "00001", fields: after, location: at }],
          stateWith("00001", before),
          {
            only: [],
            prune: false,
          },
        );
        const change = plan.changes[0];
        if (change === undefined) {
          // No change is only possible when before already equals after.
          expect(before).not.toBeNull();
          expect(normaliseFields(before ?? {})).toEqual(normaliseFields(after));
          return;
        }
        const body = putRequestOf(change)?.body ?? {};
        // The request carries the whole declaration.
        expect(normaliseFields(body)).toEqual(normaliseFields(after));

        const applied = applyRequestBody(before, body);
        // Every declared value arrives.
        for (const path of paths(after))
          expect(valueAtPath(applied, path)).toEqual(valueAtPath(after, path));
        // Each listed change: a managed field ends at `after`; an unmanaged one keeps `before`.
        for (const field of change.fields) {
          const now = valueAtPath(applied, field.path);
          if (field.unmanaged) {
            expect(field.after).toBeNull();
            expect(now).toEqual(field.before);
          } else {
            expect(now).toEqual(field.after);
            expect(field.before ?? undefined).toEqual(
              before === null ? undefined : valueAtPath(before, field.path),
            );
          }
        }
        // Replaying the field changes on before (unmanaged ones dropping the field) rebuilds
        // the declaration exactly: no change is missing, none is spurious.
        expect(replay(before ?? {}, change.fields)).toEqual(normaliseFields(after));
        // Every path not listed did not move.
        const listed = new Set(change.fields.map((f) => f.path));
        for (const path of paths(applied)) {
          if (!listed.has(path) && before !== null) {
            expect(valueAtPath(applied, path)).toEqual(valueAtPath(before, path));
          }
        }
      }),
    );
  });

  it("the summary accounts for every selected campaign exactly once", () => {
    const ids = fc.uniqueArray(fc.constantFrom("00001", "00002", "00003", "00004", "00005"), {
      maxLength: 5,
    });
    fc.assert(
      fc.property(
        ids,
        ids,
        fc.subarray(["00001", "00003", "00005"]),
        fc.boolean(),
        (declaredIds, stateIds, only, prune) => {
          const state = emptyState();
          for (const id of stateIds)
            state.campaigns[id] = { fields: { name: id }, source: "s.yaml" };
          const declared = declaredIds.map((id) => ({
            id,
            fields: { name: id.endsWith("1") ? "x" : id },
            location: at,
          }));
          const plan = computePlan(declared, state, { only, prune });
          const selected = (id: string) => only.length === 0 || only.includes(id);
          const { update, unchanged, forget, deactivate } = plan.summary;
          expect(update + unchanged).toBe(declaredIds.filter(selected).length);
          expect(forget + deactivate).toBe(
            stateIds.filter((id) => selected(id) && !declaredIds.includes(id)).length,
          );
          expect(prune ? forget : deactivate).toBe(0);
          expect(plan.changes.map((c) => c.id)).toEqual([...plan.changes.map((c) => c.id)].sort());
        },
      ),
    );
  });
});
