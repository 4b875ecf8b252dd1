// bench:perf --smoke [spec...] [--wasm]: the wall time of `bun run bench <spec>`
// (smoke profile, a fresh results folder) for each spec of the quick start (or
// those named), on the compute path a fresh process picks, and with --wasm also
// without OpenBLAS. scripts/perf.ts calls it after its kernel figures.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSettings, PROJECT_ROOT } from "../core/settings.ts";
import { loadPlugins } from "../methods/plugins.ts";
import { loadSpecs } from "../cli/specs.ts";

/** Wall time of `bun run bench <spec>` (smoke profile) in a fresh results folder, on the compute path a fresh process picks (env). */
function timeSmoke(spec: string, env: Record<string, string | undefined>): number | string {
  const dir = mkdtempSync(join(tmpdir(), "xlt-perf-smoke-"));
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, "cli", "main.ts"), spec, "--results", dir], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) return `exit ${r.status}: ${(r.stderr || "").trim().split("\n").slice(-1)[0]}`;
    return (performance.now() - t) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each spec's smoke wall time on `backend` (and on plain WASM with `wasmToo`), and their sum. */
export async function smokeWallTimes(args: string[], backend: string, wasmToo: boolean): Promise<void> {
  const named = args.filter((a) => !a.startsWith("--"));
  // the user's spec folders may name plug-in methods: load those first, as the command line does
  if (!named.length) await loadPlugins(loadSettings().plugins);
  const specs = named.length ? named : loadSpecs().filter((s) => s.main).map((s) => s.id);
  const paths: [string, Record<string, string | undefined>][] = [[backend, {}]];
  if (wasmToo) paths.push(["wasm", { XLT_NATIVE_GEMM: "0" }]);
  console.log(
    `\nsmoke wall time, \`bun run bench <spec>\` in a fresh results folder (data cached; cells in parallel workers, one per core)`,
  );
  const totals = paths.map(() => 0);
  for (const spec of specs) {
    const cols = paths.map(([name, env], i) => {
      const t = timeSmoke(spec, env);
      if (typeof t === "number") totals[i] += t;
      return `${name} ${typeof t === "number" ? `${t.toFixed(1)} s` : `failed (${t})`}`;
    });
    console.log(`  ${spec.padEnd(18)} ${cols.join("   ")}`);
  }
  console.log(
    `  ${"all".padEnd(18)} ${paths.map(([name], i) => `${name} ${totals[i].toFixed(1)} s`).join("   ")}${
      paths.length > 1 ? `   (wasm/${backend}: ${(totals[1] / totals[0]).toFixed(2)}x)` : ""
    }`,
  );
}
