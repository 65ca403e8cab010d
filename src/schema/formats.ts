/**
 * The custom formats the schemas use, as ajv format definitions. The validators generated
 * at build time (scripts/build-schemas.mjs → src/schema/generated/) read format `x` as
 * `formats.x`, so every format a listed schema names must be here.
 */
import { isCalendarDate } from "./calendar-date.js";

export const formats = {
  /** `YYYY-MM-DD` naming a real day. */
  date: { type: "string", validate: isCalendarDate },
} as const;
