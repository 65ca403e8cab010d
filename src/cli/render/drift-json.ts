/**
 * `drift --format json`: the shape of cli-contract.md (`format_version`, `target`,
 * `checked`, `drifted`, `missing_in_thulium`, `unmanaged`, `not_visible`, `unreadable`), in
 * that order, then keys the contract allows adding: `compared_fields` and
 * `not_visible_fields` (how much was and was not compared) and `dialling_now` (whether
 * `outbounds/stats` was read). A drifted campaign dialling now carries `dialling`.
 * A campaign whose membership drifted carries `agents: {missing, unexpected}`; when any
 * membership was read, `agents_checked` says for how many campaigns.
 */
import { canonicalValue } from "../../core/normalise.js";
import type { DriftResult } from "../../use-cases/drift.js";
import { describeApiError } from "../describe-error.js";
import { escapeSerialised } from "./escape.js";

export function renderDriftJson(result: DriftResult): string {
  const { drift, dialling } = result;
  const value = {
    format_version: 1,
    target: result.target,
    checked: drift.checked,
    drifted: drift.drifted.map((campaign) => {
      const stat = dialling.read ? dialling.active.get(campaign.id) : undefined;
      return {
        id: campaign.id,
        source: campaign.source,
        ...(campaign.name === undefined ? {} : { name: campaign.name }),
        fields: campaign.fields.map((field) => ({
          path: field.path,
          applied: canonicalValue(field.applied),
          live: canonicalValue(field.live),
        })),
        ...(campaign.agents === undefined
          ? {}
          : {
              agents: {
                missing: [...campaign.agents.missing],
                unexpected: [...campaign.agents.unexpected],
              },
            }),
        ...(stat === undefined
          ? {}
          : {
              dialling: {
                ...(stat.recordsCount === undefined ? {} : { records_count: stat.recordsCount }),
                ...(stat.completionPercent === undefined
                  ? {}
                  : { completion_percent: stat.completionPercent }),
              },
            }),
      };
    }),
    missing_in_thulium: [...drift.missing_in_thulium],
    unmanaged: [...drift.unmanaged],
    not_visible: [...drift.not_visible],
    unreadable: drift.unreadable.map(({ id, path }) => ({ id, path })),
    compared_fields: drift.compared_fields,
    not_visible_fields: result.notVisibleFields,
    ...(drift.agents_checked === undefined ? {} : { agents_checked: drift.agents_checked }),
    dialling_now: dialling.read
      ? { read: true }
      : { read: false, reason: describeApiError(dialling.error) },
  };
  return `${escapeSerialised(JSON.stringify(value, null, 2))}\n`;
}
