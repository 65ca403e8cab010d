/**
 * The Thulium client: the one adapter that talks to Thulium's REST API. Implementation in
 * `./thulium/`; this module is its public face.
 */
export { type CampaignApi, createThuliumClient } from "./thulium/client.js";
export {
  type ClientOptions,
  clientOptionsFromEnv,
  type RetryEvent,
} from "./thulium/options.js";
