// Preloaded by `bun test` (bunfig.toml): after the tests, the temporary folders
// they made (caches, results, checkpoints) are removed.
import { afterAll } from "bun:test";
import { removeTempDirs } from "./mirror.ts";

afterAll(removeTempDirs);
