/**
 * `THULIUM_SANDBOX_LIST_SHAPE`: how the in-process sandbox (`--sandbox`) spells its answer to
 * `GET outbounds`, as `sandbox --list-shape` does for the standalone one, so that `drift`,
 * `plan --refresh` and `apply --refresh` can be tried against each shape the list reader
 * understands without a Thulium account.
 */
import { UsageError } from "../../errors.js";
import type { ListShape } from "../../sandbox/index.js";

export const LIST_SHAPE_VARIABLE = "THULIUM_SANDBOX_LIST_SHAPE";
const SHAPES: readonly ListShape[] = ["plain", "paged", "partial"];

/**
 * The shape asked for; `plain` when the variable is unset or empty.
 * @throws UsageError for any other value, naming the accepted ones.
 */
export function sandboxListShape(env: NodeJS.ProcessEnv): ListShape {
  const value = env[LIST_SHAPE_VARIABLE] ?? "";
  if (value === "") return "plain";
  if ((SHAPES as readonly string[]).includes(value)) return value as ListShape;
  const shown = JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  throw new UsageError(
    `${LIST_SHAPE_VARIABLE} must be one of ${SHAPES.join(", ")} (as for sandbox --list-shape), not ${shown}; unset it for the default, plain.`,
  );
}
