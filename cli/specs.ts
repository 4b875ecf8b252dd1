// The specs every command and script loads: the shipped folder (XLT_SPECS_DIR,
// else the config file's specsDir, else specs/) and the user's folders
// (--specs, XLT_USER_SPECS, the config file's userSpecs); core/settings.ts
// decides which.
import { loadSettings, type Settings, specsDir } from "../core/settings.ts";
import { loadSpecDirs } from "../plan/spec-schema.ts";
import type { Spec } from "../core/spec.ts";

export function loadSpecs(settings: Settings = loadSettings()): Spec[] {
  return loadSpecDirs([specsDir(settings), ...settings.userSpecs.filter((d) => d !== specsDir(settings))]);
}
