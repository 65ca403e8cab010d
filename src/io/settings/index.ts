/**
 * The settings domain's front module: the project settings file (`thulium-campaigns.yaml`
 * or `--config FILE`). Code outside `io/settings/` imports only this module.
 */
export { loadSettings, NO_SETTINGS, type Settings } from "./load-settings.js";
