import { localDate } from "../core/local-date.js";
import type { CliContext } from "./context.js";

/**
 * Today's date as Thulium reads campaign dates (`YYYY-MM-DD`, local calendar date), read
 * from the context's clock so an in-process run (a test) can fix the day.
 */
export function todayLocal(ctx: Pick<CliContext, "now">): string {
  return localDate(ctx.now());
}
