// The specs every command and script loads: from XLT_SPECS_DIR, else the config
// file's specsDir, else specs/ (core/settings.ts decides which folder).
import { loadSettings, type Settings, specsDir } from "../core/settings.ts";
import { loadSpecDir } from "../plan/spec-schema.ts";
import type { Spec } from "../core/spec.ts";

export function loadSpecs(settings: Settings = loadSettings()): Spec[] {
  return loadSpecDir(specsDir(settings));
}
