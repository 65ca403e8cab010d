/**
 * `doctor`'s first checks, about this machine and its settings: the Node.js version, the
 * THULIUM_* variables (present or missing, never their values) and the form of THULIUM_URL.
 * Pure: the environment and the version are passed in.
 */
import { UserError } from "../errors.js";
import { normaliseBaseUrl } from "../io/thulium/base-url.js";
import { type ClientOptions, clientOptionsFromEnv } from "../io/thulium/index.js";
import { type DoctorCheck, fail, ok, warn } from "./doctor-check.js";

/** The oldest Node.js this tool runs on (package.json `engines`; yargs 18 needs it). */
export const MIN_NODE: readonly [number, number] = [20, 19];

/** `process.versions.node` (e.g. `20.19.2`) against {@link MIN_NODE}. */
export function checkNode(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split(".").map((part) => Number.parseInt(part, 10));
  const needed = `${MIN_NODE[0]}.${MIN_NODE[1]}`;
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]))
    return ok("node", `Node.js ${version} (${needed} or later is needed)`);
  return fail(
    "node",
    `Node.js ${version} is too old: this tool needs ${needed} or later`,
    `install Node.js ${needed} or later (the current LTS is fine), e.g. with nvm: nvm install 20`,
  );
}

const REQUIRED = ["THULIUM_URL", "THULIUM_USER", "THULIUM_PASSWORD"] as const;

/** Which of the three variables are set; values are never looked at beyond "empty or not". */
export function checkEnvPresent(env: Readonly<Record<string, string | undefined>>): DoctorCheck {
  const missing = REQUIRED.filter((name) => (env[name] ?? "") === "");
  if (missing.length === 0)
    return ok(
      "env",
      "THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD are set (the user and password are never shown)",
    );
  const set = REQUIRED.filter((name) => !missing.includes(name));
  const verb = missing.length === 1 ? "is" : "are";
  const alsoSet = set.length === 0 ? "" : `; ${listed(set)} ${set.length === 1 ? "is" : "are"} set`;
  return fail(
    "env",
    `${listed(missing)} ${verb} not set${alsoSet}`,
    `set ${listed(missing)} in the environment (in CI, from the pipeline's secrets), e.g. export ${missing[0]}=…; credentials are never accepted as command-line flags`,
  );
}

/** With --sandbox the variables are optional: the sandbox has default credentials. */
export function checkEnvSandbox(): DoctorCheck {
  return ok(
    "env",
    "not needed with --sandbox (the sandbox takes THULIUM_USER and THULIUM_PASSWORD when set, else api_user and api_pass)",
  );
}

/** The normaliser's verdict on THULIUM_URL; its value is printed only once it passed. */
export function checkUrl(raw: string): { check: DoctorCheck; baseUrl?: string } {
  let baseUrl: string;
  try {
    baseUrl = normaliseBaseUrl(raw);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return {
      check: fail(
        "url",
        error.message,
        "set THULIUM_URL to the API base of your Thulium, e.g. https://acme.thulium.com/api",
      ),
    };
  }
  const requests = `requests go to ${baseUrl}/outbounds`;
  const { protocol, hostname } = new URL(baseUrl);
  if (protocol === "http:" && !isLoopback(hostname))
    return {
      baseUrl,
      check: warn(
        "url",
        `${baseUrl} is plain http://: the password would cross the network unencrypted (${requests})`,
        "use https:// (Thulium serves its API over https://)",
      ),
    };
  if (!/\/api$/.test(baseUrl))
    return {
      baseUrl,
      check: warn(
        "url",
        `${baseUrl} does not end in /api, as Thulium's API base does (${requests})`,
        "set THULIUM_URL to the API base, e.g. https://acme.thulium.com/api, unless a proxy really serves the API here",
      ),
    };
  return { baseUrl, check: ok("url", `${baseUrl} (${requests})`) };
}

/**
 * The client's reading of the environment (user without `:`, THULIUM_TIMEOUT_MS,
 * THULIUM_RETRIES, THULIUM_RETRY_BASE_MS in range). Run once the URL passed, so any
 * complaint left is about one of those variables and belongs to the `env` check.
 */
export function readClientOptions(
  env: Readonly<Record<string, string | undefined>>,
): { options: ClientOptions } | { check: DoctorCheck } {
  try {
    return { options: clientOptionsFromEnv(env as NodeJS.ProcessEnv) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return {
      check: fail(
        "env",
        error.message,
        "correct the variable the finding names, then run doctor again",
      ),
    };
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\./.test(host);
}

/** `A`, `A and B`, `A, B and C`. */
function listed(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
