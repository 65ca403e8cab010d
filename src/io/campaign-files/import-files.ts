/**
 * The campaign-files domain's front module for `import`: the files it prepares (checked by
 * the loader's own checks) and then creates.
 */
export { type ImportFile, type ImportFilePlan, prepareImportFiles } from "./prepare-import.js";
export { writeImportFiles } from "./write-imported.js";
