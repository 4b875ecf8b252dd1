// A first stage's trained parameters, kept for the cells that start from it.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadState, saveState, statePath } from "../../run/cell-state.ts";
import { initBackend, tf } from "../../models/backend.ts";
import type { Method } from "../../methods/method.ts";

await initBackend("cpu");
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A method with only trainable variables (all that a kept state holds); what trains or predicts is never called. */
function method(seed: number, shapes: number[][] = [[2, 3], [3]]): Method {
  const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, "float32", seed + i)));
  const unused = (what: string) => (): never => {
    throw new Error(`cell-state test: ${what} is not called when a state is saved or loaded`);
  };
  return {
    groups: [
      { name: "prompt", vars: [vars[0]], lr: 1, weightDecay: 0 },
      { name: "head", vars: vars.slice(1), lr: 1, weightDecay: 0 },
    ],
    encode: unused("encode"),
    logits: unused("logits"),
    loss: unused("loss"),
    cacheForInference: () => {},
    dispose: () => {},
  };
}
const values = (m: Method) => m.groups.flatMap((g) => g.vars.map((v) => [...v.dataSync()]));
const dispose = (m: Method) => m.groups.forEach((g) => g.vars.forEach((v) => v.dispose()));

describe("cell state", () => {
  test("a saved state loads into a freshly built method bit for bit", async () => {
    dir = mkdtempSync(join(tmpdir(), "xlt-state-"));
    const a = method(1), b = method(2);
    const path = statePath(dir, "c1");
    await saveState(a, path, "c1");
    expect(values(b)).not.toEqual(values(a));
    loadState(b, path, "c1");
    expect(values(b)).toEqual(values(a));
    [a, b].forEach(dispose);
  });

  test("a damaged file is found by its checksum and named", async () => {
    dir = mkdtempSync(join(tmpdir(), "xlt-state-"));
    const a = method(1);
    const path = statePath(dir, "c1");
    await saveState(a, path, "c1");
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(path, bytes);
    expect(() => loadState(a, path, "c1")).toThrow(`${path}: checksum mismatch`);
    dispose(a);
  });

  test("another cell's state, another shape or a missing file is refused, naming the file", async () => {
    dir = mkdtempSync(join(tmpdir(), "xlt-state-"));
    const a = method(1), wide = method(1, [[2, 4], [3]]);
    const path = statePath(dir, "c1");
    await saveState(a, path, "c1");
    expect(() => loadState(a, path, "c2")).toThrow("holds the state of cell c1, not c2");
    expect(() => loadState(wide, path, "c1")).toThrow("prompt.0 has shape [2,3], the method's is [2,4]");
    expect(() => loadState(a, statePath(dir!, "c3"), "c3")).toThrow("the trained state of cell c3 is missing");
    [a, wide].forEach(dispose);
  });
});
