/** The sandbox: a Thulium-compatible outbound campaigns API server, in-process or as a command. */
export { type Sandbox, startSandbox } from "./server.js";
export { CampaignStore } from "./store.js";
export type {
  FaultOptions,
  ListShape,
  PutSemantics,
  RequestRecord,
  SandboxOptions,
  SandboxStats,
  StoredCampaign,
} from "./types.js";
