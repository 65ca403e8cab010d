/**
 * The plan-file domain's front module: saved plans (`plan --out`, `apply FILE`). Code
 * outside `io/plan-file/` imports only this module.
 */
export {
  assertPlanCurrent,
  declaredHash,
  readPlanFile,
  type SavedPlan,
  type SavedPlanOptions,
  sha256,
  writePlanFile,
} from "./saved-plan.js";
