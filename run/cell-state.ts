// A cell's trained parameters, kept when another cell starts from them (full
// supervision: the multi-source first stage, then one model per target
// language). Stored as safetensors under <results>/states/<cellId>.safetensors,
// written atomically, with a sha256 in the metadata so a damaged file is found.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tf } from "../models/backend.ts";
import { readSafetensors, writeSafetensors } from "../models/safetensors.ts";
import type { Method } from "../methods/method.ts";
import type { ResultsStore } from "./store.ts";

export function statePath(resultsDir: string, cellId: string): string {
  return join(resultsDir, "states", `${cellId}.safetensors`);
}

/** A cell is finished when it has its record and, where later cells start from it (keepState), its trained state. */
export function cellFinished(store: ResultsStore, cellId: string, keepState = false): boolean {
  return store.has(cellId) && (!keepState || hasState(store.dir, cellId));
}

export function hasState(resultsDir: string, cellId: string): boolean {
  return existsSync(statePath(resultsDir, cellId));
}

/** The method's trainable variables, named by group and position (the builder's order is deterministic). */
function named(method: Method): Map<string, { v: Method["groups"][number]["vars"][number] }> {
  const out = new Map<string, { v: Method["groups"][number]["vars"][number] }>();
  for (const g of method.groups) g.vars.forEach((v, i) => out.set(`${g.name}.${i}`, { v }));
  return out;
}

const digest = (data: Float32Array[]) => {
  const h = createHash("sha256");
  for (const d of data) h.update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  return h.digest("hex");
};

export async function saveState(method: Method, path: string, cellId: string): Promise<void> {
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, { v }] of named(method)) {
    tensors.set(name, { shape: v.shape, data: (await v.data()) as Float32Array });
  }
  const names = [...tensors.keys()].sort();
  const bytes = writeSafetensors(tensors, { cell: cellId, sha256: digest(names.map((n) => tensors.get(n)!.data)) });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Assign a saved state to a freshly built method of the same configuration; any mismatch names the file. */
export function loadState(method: Method, path: string, cellId: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path}: the trained state of cell ${cellId} is missing; run the first stage again (the same command runs it)`,
    );
  }
  const file = readSafetensors(readFileSync(path), path);
  if (file.metadata.cell !== cellId) {
    throw new Error(`${path}: holds the state of cell ${file.metadata.cell}, not ${cellId}`);
  }
  const want = named(method);
  const names = [...file.tensors.keys()].sort();
  if (digest(names.map((n) => file.tensors.get(n)!.data as Float32Array)) !== file.metadata.sha256) {
    throw new Error(`${path}: checksum mismatch (a damaged state file); delete it and run again`);
  }
  if (names.length !== want.size || names.some((n) => !want.has(n))) {
    throw new Error(`${path}: variables ${names.join(", ")} do not match the method's ${[...want.keys()].join(", ")}`);
  }
  for (const [name, { v }] of want) {
    const t = file.tensors.get(name)!;
    if (t.shape.join("x") !== v.shape.join("x")) {
      throw new Error(`${path}: ${name} has shape [${t.shape}], the method's is [${v.shape}]`);
    }
    const value = tf.tensor(t.data as Float32Array, v.shape, "float32");
    v.assign(value);
    value.dispose();
  }
}
