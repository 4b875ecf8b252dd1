// A full disk while a record or a cached data file is written, injected with a
// file-size limit (ulimit -f, SIGXFSZ ignored so the write fails with EFBIG):
// a clear error naming the file, the old record intact, no temporary left.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { tempDir } from "../helpers/mirror.ts";

const hasBash = spawnSync("bash", ["-c", "ulimit -f 8"]).status === 0;

/** Run a script in a process that may write at most `kb` KiB per file. */
function limited(kb: number, script: string) {
  const file = join(tempDir(), "script.ts");
  writeFileSync(file, script);
  return spawnSync("bash", ["-c", `trap '' XFSZ; ulimit -f ${kb}; exec "$0" "$1"`, process.execPath, file], {
    encoding: "utf8",
    cwd: PROJECT_ROOT,
    timeout: 60_000,
  });
}

describe.skipIf(!hasBash)("a full disk", () => {
  test("writing a record: the error names the record, the previous record is left as it was", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "cells"));
    const path = join(dir, "cells", "abc.json");
    const old = JSON.stringify({ cellId: "abc", schema: 1, old: true });
    writeFileSync(path, old);
    const r = limited(
      4,
      // a whole record of cell "abc", made large by its predictions
      `import { ResultsStore } from ${JSON.stringify(join(PROJECT_ROOT, "run", "store.ts"))};
import { fakeRecord } from ${JSON.stringify(join(PROJECT_ROOT, "test", "helpers", "records.ts"))};
import { fixtureCell } from ${JSON.stringify(join(PROJECT_ROOT, "test", "helpers", "specs.ts"))};
const record = fakeRecord(fixtureCell("abc"), () => 0.5);
const predictions: number[] = Array(50000).fill(3);
new ResultsStore(${
        JSON.stringify(dir)
      }).write({ ...record, metrics: { x: { accuracy: 0, n: predictions.length, predictions } } });`,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${path}: cannot write the cell's record (EFBIG`);
    expect(r.stderr).toContain("a previous record there is left as it was");
    expect(readFileSync(path, "utf8")).toBe(old);
    expect(readdirSync(join(dir, "cells"))).toEqual(["abc.json"]);
  });

  test("caching a data file: the error names the cache file and how to get room; nothing half-written stays", () => {
    const mirror = tempDir(), cache = tempDir();
    const rel = "o/r/c/big.tsv";
    mkdirSync(join(mirror, "o/r/c"), { recursive: true });
    const bytes = Buffer.alloc(64 * 1024, 7);
    writeFileSync(join(mirror, rel), bytes);
    const sha = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
    const r = limited(
      8,
      `import { fetchPinned } from ${JSON.stringify(join(PROJECT_ROOT, "datasets", "fetch.ts"))};
await fetchPinned({ path: ${JSON.stringify(rel)}, sha256: ${
        JSON.stringify(sha)
      }, bytes: ${bytes.length} }, { mirrors: [${JSON.stringify(mirror)}], cacheDir: ${JSON.stringify(cache)} });`,
    );
    expect(r.status).not.toBe(0);
    const cached = join(cache, "data", rel);
    expect(r.stderr).toContain(`${cached}: cannot write the cached file (EFBIG`);
    expect(r.stderr).toContain("XLT_CACHE_DIR");
    expect(existsSync(cached)).toBe(false);
    expect(readdirSync(join(cache, "data", "o/r/c"))).toEqual([]);
  });
});
