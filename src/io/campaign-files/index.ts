/**
 * The campaign-files domain's front module for loading: finding, reading and checking
 * campaign files. `import`'s file writing has its own front, `import-files.ts`, so that
 * `validate` does not load it. Code outside `io/campaign-files/` imports only these two.
 */
export {
  type LoadOptions,
  type LoadResult,
  loadCampaignFiles,
  loadValidCampaigns,
} from "./load.js";
export { parseCampaignDocuments } from "./parse-documents.js";
