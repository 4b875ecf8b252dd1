// Seeded mutations of every shipped spec, loaded as the CLI loads them (the
// shipped folder, so derived and extending specs resolve their bases): a
// mutation either gives a spec that still checks, or a SpecError naming the
// file and the field; never another error (a crash the user would see as a
// stack trace). Mutations that cannot be valid (an unknown field, a wrong type
// at a typed leaf, a path out of its folder, a dangling reference) must be
// refused. FUZZ_SEED and FUZZ_PER_SPEC change the draw; the run prints its count.
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SpecError } from "../../core/check.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { SPEC_SCHEMA_FILE } from "../../core/spec.ts";
import { Rng } from "../../core/rng.ts";
import { loadSpecDirs } from "../../plan/spec-schema.ts";
import { removeTempDirs, tempDir } from "../helpers/mirror.ts";
import { runCli } from "../helpers/cli.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const PER_SPEC = Number(process.env.FUZZ_PER_SPEC ?? 24);
const SHIPPED = join(PROJECT_ROOT, "specs");
const files = readdirSync(SHIPPED).filter((f) => f.endsWith(".json") && f !== SPEC_SCHEMA_FILE).sort();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Place = { parent: Json[] | { [k: string]: Json }; key: string | number; path: string };

/** Every value's place in the document, with its dotted path (the checkers' way of naming a field). */
function places(doc: Json, path = ""): Place[] {
  if (doc === null || typeof doc !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : Object.entries(doc);
  return entries.flatMap(([k, v]) => {
    const p = typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    return [{ parent: doc, key: k, path: p }, ...places(v, p)];
  });
}

const get = (p: Place): Json => (p.parent as Record<string | number, Json>)[p.key];
const set = (p: Place, v: Json) => ((p.parent as Record<string | number, Json>)[p.key] = v);
/** Inside a method's parameters the method's own checker decides; the generic mutations below stay out. */
const inParams = (p: Place) => /(^|\.)(params|methodParams)(\.|\[|$)/.test(p.path);

/** A value of another JSON type than v's. */
function otherType(v: Json, rng: Rng): Json {
  const kinds: Json[] = ["x", 7, true, null, [], { a: 1 }];
  const type = (x: Json) => (x === null ? "null" : Array.isArray(x) ? "array" : typeof x);
  const options = kinds.filter((k) => type(k) !== type(v));
  return options[rng.int(options.length)];
}

type Mutation = { kind: string; mustFail: boolean; where: string };

/** One seeded mutation of a spec document, in place (drawn again where a kind finds nothing to change). */
function mutate(doc: Record<string, Json>, rng: Rng): Mutation {
  for (;;) {
    const m = mutateOnce(doc, rng);
    if (m.kind !== "none") return m;
  }
}

/** One draw of a mutation kind: what it did and whether no spec can accept it. */
function mutateOnce(doc: Record<string, Json>, rng: Rng): Mutation {
  const all = places(doc).filter((p) => p.path !== "$schema");
  const plain = all.filter((p) => !inParams(p));
  const pick = <T>(xs: T[]) => xs[rng.int(xs.length)];
  switch (rng.int(7)) {
    case 0: { // an unknown field in some object (not a parameter record, whose keys are the method's)
      const objects = [{ path: "", v: doc as Json }, ...plain.map((p) => ({ path: p.path, v: get(p) }))]
        .filter((o) => o.v !== null && typeof o.v === "object" && !Array.isArray(o.v));
      const o = pick(objects);
      (o.v as Record<string, Json>).zzUnknownField = 1;
      return { kind: "unknown field", mustFail: !/(^|\.)(profiles|methodParams)$/.test(o.path), where: o.path };
    }
    case 1: { // a leaf of another type
      const leaves = plain.filter((p) => typeof get(p) !== "object" || get(p) === null);
      const p = pick(leaves);
      set(p, otherType(get(p), rng));
      return { kind: "wrong type", mustFail: true, where: p.path };
    }
    case 2: { // a field removed
      const p = pick(plain.filter((x) => !Array.isArray(x.parent)));
      delete (p.parent as Record<string, Json>)[p.key as string];
      return { kind: "field removed", mustFail: false, where: p.path };
    }
    case 3: { // a number out of any sensible range
      const nums = plain.filter((p) => typeof get(p) === "number");
      if (!nums.length) return { kind: "none", mustFail: false, where: "" };
      const p = pick(nums);
      set(p, pick([-1, 0, 1.5, 1e12, -1e-9]));
      return { kind: "number out of range", mustFail: false, where: p.path };
    }
    case 4: { // a name that would become a path, pointing out of its folder
      const names = all.filter((p) => /(^|\.)(id|golden)$/.test(p.path) && typeof get(p) === "string" && !inParams(p));
      const p = pick(names);
      set(p, pick(["../../../outside/evil", "a/../../b", "golden/../../etc/passwd.json", "/abs/path", "x\ny"]));
      return { kind: "unsafe name", mustFail: true, where: p.path };
    }
    case 5: { // a label emptied or overlong
      const labels = plain.filter((p) => /(^|\.)label$/.test(p.path) && typeof get(p) === "string");
      if (!labels.length) return { kind: "none", mustFail: false, where: "" };
      const p = pick(labels);
      set(p, pick(["", "x".repeat(500), "a\u0000b"]));
      return { kind: "bad label", mustFail: true, where: p.path };
    }
    default: { // a dangling reference to another spec, or a reference where none belongs
      const key = "derivedFrom" in doc ? "derivedFrom" : "extends" in doc ? "extends" : null;
      if (key) {
        doc[key] = "no-such-spec";
        return { kind: "dangling reference", mustFail: true, where: key };
      }
      doc.derivedFrom = "xpe-table1";
      return { kind: "reference added", mustFail: true, where: "derivedFrom" };
    }
  }
}

const dir = tempDir("xlt-fuzz-specs-");
cpSync(SHIPPED, dir, { recursive: true });
afterAll(removeTempDirs);

describe("fuzzed specs", () => {
  test(`${PER_SPEC} seeded mutations of each shipped spec (seed ${SEED}): a checked spec or a SpecError naming file and field`, () => {
    const rng = new Rng(SEED);
    const counts: Record<string, { tried: number; refused: number }> = {};
    const escapes: string[] = [];
    for (const f of files) {
      const original = readFileSync(join(SHIPPED, f), "utf8");
      for (let i = 0; i < PER_SPEC; i++) {
        const doc = JSON.parse(original) as Record<string, Json>;
        const m = mutate(doc, rng);
        const path = join(dir, f);
        writeFileSync(path, JSON.stringify(doc));
        const c = (counts[m.kind] ??= { tried: 0, refused: 0 });
        c.tried++;
        try {
          loadSpecDirs([dir]);
          if (m.mustFail) escapes.push(`${f} ${m.kind} at ${m.where}: accepted`);
        } catch (e) {
          if (!(e instanceof SpecError)) {
            escapes.push(`${f} ${m.kind} at ${m.where}: ${(e as Error).name}: ${(e as Error).message}`);
            continue;
          }
          c.refused++;
          // the message names a spec file (this one, or the spec that depends on it) and a field
          if (!/\.json: /.test(e.message) || !e.path) escapes.push(`${f} ${m.kind}: unnamed: ${e.message}`);
        }
      }
      writeFileSync(join(dir, f), original);
    }
    const total = Object.values(counts).reduce((n, c) => n + c.tried, 0);
    console.log(
      `fuzzed specs: ${total} mutations of ${files.length} specs (seed ${SEED}): ${
        Object.entries(counts).map(([k, c]) => `${k} ${c.refused}/${c.tried} refused`).join(", ")
      }`,
    );
    expect(escapes).toEqual([]);
    expect(total).toBe(files.length * PER_SPEC);
  });

  test(
    "through the command line, a refused mutation exits 2 with one line naming file and field: no stack, no training",
    () => {
      const rng = new Rng(SEED + 1);
      const results = tempDir("xlt-fuzz-results-");
      let ran = 0;
      for (const f of files.filter((_, i) => i % 3 === 0)) {
        const original = readFileSync(join(SHIPPED, f), "utf8");
        const doc = JSON.parse(original) as Record<string, Json>;
        const m = mutate(doc, rng);
        if (!m.mustFail) continue;
        writeFileSync(join(dir, f), JSON.stringify(doc));
        const r = runCli(["all", "--results", results], { ...process.env, XLT_SPECS_DIR: dir }, 60_000);
        writeFileSync(join(dir, f), original);
        ran++;
        expect([r.code, m.kind, f], r.out).toEqual([2, m.kind, f]);
        expect(r.out, r.out).toMatch(/\.json: \S/);
        expect(r.out, "a stack trace").not.toMatch(/^\s+at /m);
        expect(existsSync(join(results, "cells")), "a cell ran").toBe(false);
      }
      expect(ran).toBeGreaterThan(3);
    },
    120_000,
  );
});
