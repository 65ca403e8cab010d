/**
 * The Thulium system a state file belongs to. The state records the normalised
 * THULIUM_URL, so applying it to another system (whose campaigns it knows nothing about)
 * is refused instead of silently sending the wrong "changes".
 */
import type { State } from "../../core/state.js";
import { StateError } from "../../errors.js";
import { normaliseBaseUrl } from "../thulium/base-url.js";

/**
 * Normalises THULIUM_URL into the target a state records. The same function builds the
 * URL requests go to (see io/thulium/base-url.ts), so the two always agree.
 *
 * @throws UsageError for anything but a plain http(s) URL, without echoing the value.
 */
export function normaliseTarget(url: string): string {
  return normaliseBaseUrl(url);
}

/**
 * Refuses a state recorded for a different Thulium system. A state with no target yet
 * (never applied) fits any target. When the two differ only in a way that is more likely a
 * typo in THULIUM_URL than another system (`/api`, a trailing slash, http/https), the
 * message says so and names the fix.
 */
export function assertTarget(state: State, target: string, file: string): void {
  if (state.target === null || state.target === target) return;
  const applied = state.target;
  const nearMiss = describeNearMiss(applied, target, file);
  throw new StateError(
    file,
    nearMiss === undefined
      ? `State file ${file} was applied to ${applied}, not ${target}; use another --state file for each Thulium system.`
      : `THULIUM_URL is ${target} but this state (${file}) was applied to ${applied}: ${nearMiss}`,
  );
}

/** How two targets differ, when it is only by one small thing; undefined otherwise. */
function describeNearMiss(applied: string, target: string, file: string): string | undefined {
  const retarget = `if both name the same Thulium system, set "target" in ${file} to ${target}; if not, use another --state file for each Thulium system.`;
  if (applied === `${target}/api`)
    return `did you leave out /api? Requests go to $THULIUM_URL/outbounds/:id, so set THULIUM_URL to ${applied}.`;
  if (target === `${applied}/api`)
    return `the two differ only by /api. THULIUM_URL now ends in /api, as it should; the state was probably recorded with it left out: ${retarget}`;
  if (applied.replace(/\/+$/, "") === target)
    return `the two differ only by a trailing slash, which a recorded target never has (was the state edited by hand?): ${retarget}`;
  const withoutScheme = (url: string) => url.replace(/^https?:/, "");
  if (withoutScheme(applied) === withoutScheme(target))
    return applied.startsWith("https:")
      ? `the two differ only by https:// and http://. The state was applied over https://, which keeps the password encrypted on the way: set THULIUM_URL to ${applied}.`
      : `the two differ only by https:// and http://: ${retarget}`;
  return undefined;
}
