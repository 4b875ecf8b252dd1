// WebGPU against WASM on the same numbers (test/backend/parity-probe.ts):
// the architectures on transformers' reference fixtures and every method's
// logits, loss and gradients, within 1e-4; and repeatable on one WebGPU
// backend (forward outputs bit for bit). Under Deno (wgpu; in CI on Mesa's lavapipe) and under Bun
// with the npm package `webgpu` (Dawn) where Dawn finds an adapter. Without a
// Deno binary or an adapter these skip, saying why, unless XLT_REQUIRE_WEBGPU=1
// (CI), where a skip would hide a broken GPU path and so fails instead.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { DENO, DENO_ENV } from "../helpers/deno.ts";
import { tempDir } from "../helpers/mirror.ts";
import { methodIds } from "../../methods/registry.ts";
import { missingCasesHelp, parityCases, parityGaps, parityKeys } from "./parity-cases.ts";
import type { ProbeOutput } from "./parity-probe.ts";

const PROBE = join(PROJECT_ROOT, "test", "backend", "parity-probe.ts");
const REQUIRED = process.env.XLT_REQUIRE_WEBGPU === "1";
const TOLERANCE = 1e-4;
// One AdamW step divides by sqrt(v): where a gradient is near zero its last-bit
// difference can flip the update's sign, so the logits after a step differ by up to about 2 lr * |dlogit/dw|.
const AFTER_STEP_TOLERANCE = 1e-3;
const ENV = { ...process.env, ...DENO_ENV };

function probe(cmd: string[], backend: string): { out?: ProbeOutput; error?: string } {
  const file = join(tempDir("xlt-parity-"), `${backend}.json`);
  const r = spawnSync(cmd[0], [...cmd.slice(1), PROBE, file], {
    env: { ...ENV, XLT_BACKEND: backend },
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.status !== 0) {
    return {
      error: `${cmd.join(" ")} (XLT_BACKEND=${backend}) exited ${r.status}:\n${
        (r.stderr ?? "").split("\n").filter((l) => l.startsWith("error") || l.includes("Error")).slice(0, 5).join("\n")
      }`,
    };
  }
  return { out: JSON.parse(readFileSync(file, "utf8")) };
}

/** The largest |a - b| per array. */
function differences(a: ProbeOutput, b: ProbeOutput): Map<string, number> {
  expect(Object.keys(b.values).sort()).toEqual(Object.keys(a.values).sort());
  const d = new Map<string, number>();
  for (const [k, xs] of Object.entries(a.values)) {
    const ys = b.values[k];
    expect(ys.length, k).toBe(xs.length);
    d.set(k, xs.reduce((w, x, i) => Math.max(w, Math.abs(x - ys[i])), 0));
  }
  return d;
}

// checked before any probe runs, and whether or not an adapter is there: a new method needs its parity case
test("every registered method has a backend parity case (test/backend/parity-cases.ts)", () => {
  const { missing, unknown } = parityGaps();
  expect(missing, missingCasesHelp(missing)).toEqual([]);
  expect(unknown, `parity cases for methods the registry does not know (known: ${methodIds().join(", ")})`).toEqual([]);
});

const wasm = probe([process.execPath], "wasm");

// name, command, why it is missing, whether to repeat the probe (once is enough for the CI's time: Deno's)
const runtimes: [string, string[] | null, string, boolean][] = [
  [
    "Deno (wgpu)",
    DENO ? [DENO, "run", "-A"] : null,
    "no deno binary (bun install brings one in node_modules/.bin; or set DENO_BIN)",
    true,
  ],
  ["Bun (Dawn, npm webgpu)", [process.execPath], "", false],
];

for (const [name, cmd, missing, repeat] of runtimes) {
  const first = cmd ? probe(cmd, "webgpu") : { error: missing };
  const unavailable = first.error && /found no adapter|not installed|no navigator.gpu|no deno binary/.test(first.error);
  if (unavailable) console.warn(`[tests] WebGPU under ${name} skipped: ${first.error}`);
  describe.skipIf(!!unavailable && !REQUIRED)(`WebGPU under ${name} against WASM`, () => {
    test("the probe runs on a WebGPU adapter", () => {
      expect(wasm.error).toBeUndefined();
      expect(first.error).toBeUndefined();
      expect(first.out!.backend).toBe("webgpu");
      expect(first.out!.adapter).toBeTruthy();
    });

    test(`forward outputs, losses and gradients agree within ${TOLERANCE} (architectures on the reference fixtures, every method)`, () => {
      const d = differences(wasm.out!, first.out!);
      const over = [...d].filter(([k, w]) => w > (k.endsWith("after a step") ? AFTER_STEP_TOLERANCE : TOLERANCE));
      expect(over).toEqual([]);
      // every architecture, and every case of every registered method (parity-cases.ts), is there
      for (
        const k of [
          "bloom left: embedding gradient 0",
          "bloom in 4 row blocks left: embedding gradient 3",
          "xglm right: logits",
          ...parityCases().flatMap(parityKeys),
        ]
      ) expect(d.has(k), k).toBe(true);
    });

    if (repeat) {
      test(
        "a second run on the same adapter repeats every forward output and loss bit for bit, and gradients within 1e-5",
        () => {
          const second = probe(cmd!, "webgpu");
          expect(second.error).toBeUndefined();
          const d = differences(first.out!, second.out!);
          // forward passes are deterministic; a few gradients are not, in their last bits (see the README's WebGPU section)
          const forward = [...d].filter(([k, w]) => /(hidden|logits|loss)$/.test(k) && w !== 0);
          expect(forward).toEqual([]);
          const far = [...d].filter(([, w]) => w > 1e-5);
          expect(far).toEqual([]);
        },
        300_000,
      );
    }
  });
}
