/**
 * The "Environment:" sections of `--help`. Credentials are never flags (they would show in
 * `ps` and CI logs), so the help of each command that reads the environment lists what it
 * reads, with the defaults the code applies (src/io/thulium/options.ts, cli/target.ts,
 * cli/output.ts, the sandbox's defaults). Each line stays under 100 columns, the help width.
 */

const COLOUR = "  NO_COLOR               any value turns colour off, as --no-color does";

const SANDBOX_LIST_SHAPE = [
  "  THULIUM_SANDBOX_LIST_SHAPE  with --sandbox: how its list answers, plain, paged or partial",
  "                         (as sandbox --list-shape; default plain)",
].join("\n");

/** `apply` (and its alias `reconcile`). */
export const APPLY_ENVIRONMENT = [
  "Environment:",
  "  THULIUM_URL            the API base, e.g. https://acme.thulium.com/api (requests go to",
  "                         $THULIUM_URL/outbounds/:id); required, not read with --sandbox",
  "  THULIUM_USER           the API user; required (with --sandbox: the sandbox's user,",
  "                         default api_user)",
  "  THULIUM_PASSWORD       its password; required, never printed (with --sandbox: default",
  "                         api_pass)",
  "  THULIUM_TIMEOUT_MS     time allowed for one try, answer included, in ms (default 30000)",
  "  THULIUM_RETRIES        tries per request, the first included (default 4)",
  "  THULIUM_RETRY_BASE_MS  backoff base in ms: a random wait up to base × 2^try (default 300;",
  "                         0 retries at once). The last three are not read with --sandbox.",
  SANDBOX_LIST_SHAPE,
  COLOUR,
].join("\n");

/** `drift`: reads Thulium, so the same variables as apply. */
export const DRIFT_ENVIRONMENT = [
  "Environment:",
  "  THULIUM_URL            the API base, e.g. https://acme.thulium.com/api; required, not",
  "                         read with --sandbox",
  "  THULIUM_USER           the API user; required (with --sandbox: default api_user)",
  "  THULIUM_PASSWORD       its password; required, never printed (with --sandbox: api_pass)",
  "  THULIUM_TIMEOUT_MS, THULIUM_RETRIES, THULIUM_RETRY_BASE_MS  as for apply",
  SANDBOX_LIST_SHAPE,
  COLOUR,
].join("\n");

/** `plan`: reads no credentials, only the URL that names the target. */
export const PLAN_ENVIRONMENT = [
  "Environment:",
  "  THULIUM_URL            optional: the Thulium system the plan is for, recorded in a --out",
  "                         file so that apply refuses it for another one; never contacted,",
  "                         not read with --sandbox",
  COLOUR,
  "plan reads no credentials: THULIUM_USER and THULIUM_PASSWORD are not needed. With",
  "--refresh it reads Thulium's list, and needs them as apply does (or --sandbox).",
].join("\n");

/** `sandbox`: the credentials it accepts. */
export const SANDBOX_ENVIRONMENT = [
  "Environment:",
  "  THULIUM_USER           the API user the sandbox accepts (default api_user)",
  "  THULIUM_PASSWORD       that user's password (default api_pass)",
  "  THULIUM_URL            not read; to apply to this sandbox, set THULIUM_URL to the URL it",
  "                         prints (and the same THULIUM_USER and THULIUM_PASSWORD)",
].join("\n");

/** `doctor`: what apply reads, checked; values of the user and password never shown. */
export const DOCTOR_ENVIRONMENT = [
  "Environment:",
  "  THULIUM_URL            the API base, e.g. https://acme.thulium.com/api; checked, then shown",
  "  THULIUM_USER           the API user; only said to be set or not, never shown",
  "  THULIUM_PASSWORD       its password; only said to be set or not, never shown",
  "  THULIUM_TIMEOUT_MS     time allowed for one try, in ms (default 30000); checked",
  "  THULIUM_RETRIES        tries per request, the first included (default 4); checked",
  "  THULIUM_RETRY_BASE_MS  backoff base in ms (default 300); checked",
  "                         With --sandbox none is needed: the sandbox takes THULIUM_USER and",
  "                         THULIUM_PASSWORD when set (default api_user, api_pass).",
  COLOUR,
  "Exit 0 when no essential check fails, else 1.",
].join("\n");

/** `import`: reads Thulium as apply does, with the same variables. */
export const IMPORT_ENVIRONMENT = APPLY_ENVIRONMENT;
