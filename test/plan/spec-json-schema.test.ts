// specs/spec.schema.json: current with core/spec.ts's checkers, met by every
// shipped spec, strict about unknown fields, and in agreement with the checkers
// (the bad-spec corpus) and the inferred types (checked by `bun run typecheck`).
import type { Architecture } from "../../core/architectures.ts";
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Infer, JsonSchema } from "../../core/check.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { backboneEntry, profile, training } from "../../core/spec-profile.ts";
import {
  type BackboneEntry,
  type BackboneRef,
  derivedSpec,
  type DerivedSpecFile,
  extendedSpec,
  type ExtendedSpecFile,
  fullSpec,
  type MethodEntry,
  methodEntry,
  type Profile,
  type Spec,
  SPEC_SCHEMA_FILE,
  type TrainingConfig,
} from "../../core/spec.ts";
import { parseSpec } from "../../plan/spec-schema.ts";
import { SCHEMA_PATH, specJsonSchema, staleSchema } from "../../scripts/spec-schema.ts";
import { tempDir } from "../helpers/mirror.ts";

/**
 * The errors of `value` against `root` (or its $defs entry `def`; empty: valid), each "path: what". A walker
 * over the keywords the checkers emit, since ajv is not a dependency; it throws on
 * any other keyword, so it cannot pass a schema it does not understand. With ajv:
 * `const v = new Ajv2020({ strict: true }).addSchema(root).getSchema(`${root.$id}${def ? `#/$defs/${def}` : ""}`)!;
 * return v(value) ? [] : v.errors!.map((e) => `${e.instancePath}: ${e.message}`)`.
 */
function schemaErrors(root: JsonSchema, value: unknown, def?: string): string[] {
  const annotations = new Set(["$schema", "$id", "$defs", "title", "description"]);
  const at = (p: string, k: string | number) => (typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : k);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const types = {
    string: (v: unknown) => typeof v === "string",
    number: (v: unknown) => typeof v === "number",
    integer: Number.isInteger,
    boolean: (v: unknown) => typeof v === "boolean",
    array: Array.isArray,
    object: isObject,
  };
  const walk = (s: JsonSchema, v: unknown, p: string): string[] => {
    const out: string[] = [];
    const bad = (what: string) => out.push(`${p || "(root)"}: ${what}`);
    for (const [k, x] of Object.entries(s)) {
      if (annotations.has(k)) continue;
      if (k === "$ref") out.push(...walk(root.$defs![(x as string).replace("#/$defs/", "")], v, p));
      else if (k === "type") {
        if (!types[s.type!](v)) return [`${p || "(root)"}: not ${s.type}`];
      } else if (k === "const") v !== x && bad(`not ${JSON.stringify(x)}`);
      else if (k === "enum") !s.enum!.includes(v as string) && bad(`not one of ${JSON.stringify(x)}`);
      else if (k === "minLength") typeof v === "string" && [...v].length < s.minLength! && bad(`shorter than ${x}`);
      else if (k === "maxLength") typeof v === "string" && [...v].length > s.maxLength! && bad(`longer than ${x}`);
      else if (k === "pattern") {
        typeof v === "string" && !new RegExp(s.pattern!, "u").test(v) && bad(`does not match ${x}`);
      } else if (k === "propertyNames") {
        isObject(v) && Object.keys(v).forEach((n) => out.push(...walk(s.propertyNames!, n, at(p, n))));
      } else if (k === "minimum") typeof v === "number" && v < s.minimum! && bad(`below ${x}`);
      else if (k === "exclusiveMinimum") typeof v === "number" && v <= s.exclusiveMinimum! && bad(`not above ${x}`);
      else if (k === "maximum") typeof v === "number" && v > s.maximum! && bad(`above ${x}`);
      else if (k === "exclusiveMaximum") typeof v === "number" && v >= s.exclusiveMaximum! && bad(`not below ${x}`);
      else if (k === "items") Array.isArray(v) && v.forEach((y, i) => out.push(...walk(s.items!, y, at(p, i))));
      else if (k === "minItems") Array.isArray(v) && v.length < s.minItems! && bad(`fewer than ${x} items`);
      else if (k === "uniqueItems") {
        Array.isArray(v) && new Set(v.map((y) => JSON.stringify(y))).size < v.length && bad("items repeat");
      } else if (k === "required") isObject(v) && s.required!.forEach((r) => r in v || bad(`${r} is required`));
      else if (k === "properties") {
        isObject(v) &&
          Object.entries(s.properties!).forEach(([n, ps]) => n in v && out.push(...walk(ps, v[n], at(p, n))));
      } else if (k === "additionalProperties") {
        if (!isObject(v)) continue;
        for (const [n, y] of Object.entries(v)) {
          if (s.properties && n in s.properties) continue;
          if (s.additionalProperties === false) out.push(`${at(p, n)}: unknown field`);
          else if (s.additionalProperties !== true) out.push(...walk(s.additionalProperties!, y, at(p, n)));
        }
      } else if (k === "anyOf" || k === "oneOf") {
        const branches = s[k]!.map((b) => walk(b, v, p));
        const ok = branches.filter((e) => e.length === 0).length;
        if (k === "anyOf" ? ok === 0 : ok !== 1) {
          bad(`${ok} of ${k} match (${branches.map((e, i) => `#${i}: ${e.join("; ")}`).join(" | ")})`);
        }
      } else throw new Error(`schemaErrors does not know the keyword ${k}`);
    }
    return out;
  };
  return walk(def ? root.$defs![def] : root, value, "");
}

const SCHEMA = specJsonSchema();
const shipped = readdirSync(join(PROJECT_ROOT, "specs")).filter((f) => f.endsWith(".json") && f !== SPEC_SCHEMA_FILE)
  .sort();
const read = (file: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", file), "utf8"));

describe("the spec JSON Schema", () => {
  test("the committed specs/spec.schema.json is what the checkers generate (else: bun run schema)", () => {
    expect(staleSchema()).toBeNull();
    expect(JSON.parse(readFileSync(SCHEMA_PATH, "utf8"))).toEqual(SCHEMA);
    const stale = join(tempDir(), SPEC_SCHEMA_FILE);
    writeFileSync(stale, readFileSync(SCHEMA_PATH, "utf8").replace('"minLength": 1', '"minLength": 0'));
    expect(staleSchema(stale)).toMatch(
      new RegExp(`${SPEC_SCHEMA_FILE} is not what core/spec.ts's checkers generate: run \`bun run schema\``),
    );
    expect(staleSchema(join(tempDir(), SPEC_SCHEMA_FILE))).toMatch(/is missing: run `bun run schema`/);
  });

  test("every shipped spec names the schema first and meets it (a derived or extending spec its own part)", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(19);
    for (const f of shipped) {
      const raw = read(f);
      expect(Object.keys(raw)[0], f).toBe("$schema");
      expect(raw.$schema, f).toBe(`./${SPEC_SCHEMA_FILE}`);
      expect(schemaErrors(SCHEMA, raw), f).toEqual([]);
      const part = "derivedFrom" in raw ? "DerivedSpec" : "extends" in raw ? "ExtendedSpec" : "Spec";
      expect(schemaErrors(SCHEMA, raw, part), f).toEqual([]);
    }
    expect(shipped.filter((f) => "derivedFrom" in read(f)).length).toBeGreaterThan(0);
    expect(shipped.filter((f) => "extends" in read(f)).length).toBeGreaterThan(0);
  });

  test("an unknown field is flagged by the schema as by the checker", () => {
    const raw = read("spt-table4.json");
    raw.profiles.smoke.training.batchsize = 8;
    expect(schemaErrors(SCHEMA, raw, "Spec")).toEqual(["profiles.smoke.training.batchsize: unknown field"]);
    expect(schemaErrors(SCHEMA, raw).join("\n")).toContain("profiles.smoke.training.batchsize: unknown field");
    expect(() => parseSpec(raw, "spt-table4.json")).toThrow(
      "spt-table4.json: profiles.smoke.training.batchsize: unknown field",
    );
  });

  test("a derived spec with a full spec's fields, or a full spec naming a base, meets neither part", () => {
    expect(schemaErrors(SCHEMA, { ...read("spt-table1.json"), methods: [] })).not.toEqual([]);
    expect(schemaErrors(SCHEMA, { ...read("spt-table4.json"), derivedFrom: "spt-fig3" })).not.toEqual([]);
  });

  test("every subschema says something, but a method's parameters (each method checks its own)", () => {
    const holes: string[] = [];
    const visit = (s: unknown, at: string): void => {
      if (Array.isArray(s)) return s.forEach((x, i) => visit(x, `${at}/${i}`));
      if (typeof s !== "object" || s === null) return;
      const keys = Object.keys(s).filter((k) => k !== "description");
      if (keys.length === 0 && !at.endsWith("/enum")) holes.push(at);
      for (const [k, x] of Object.entries(s)) if (k !== "enum" && k !== "required") visit(x, `${at}/${k}`);
    };
    visit(SCHEMA, "#");
    expect(holes).toEqual(["#/$defs/MethodParamValues/additionalProperties"]);
  });

  // The corpus's mistakes the structural checkers catch (not the registries' nor the cross-field ones) the schema catches too, and no others.
  test.each(
    JSON.parse(readFileSync(join(PROJECT_ROOT, "test", "fixtures", "bad-specs.json"), "utf8")).map((
      c: { name: string },
    ) => [c.name, c]),
  )("schema and checker agree: %s", (_name, c) => {
    const { base, path, value, delete: del } = c as { base: string; path: string; value?: unknown; delete?: true };
    const raw = read(`${base}.json`);
    const keys = path.split(".");
    let node = raw;
    for (const k of keys.slice(0, -1)) node = node[k];
    if (del) delete node[keys.at(-1)!];
    else node[keys.at(-1)!] = value;
    let checker: string | null = null;
    try {
      fullSpec(raw, "", `${base}.json`);
    } catch (e) {
      checker = (e as Error).message;
    }
    expect(schemaErrors(SCHEMA, raw).length > 0, `checker: ${checker}`).toBe(checker !== null);
  });
});

// Type-level agreement (a drift fails `bun run typecheck`): the inferred types
// have the shapes the code relies on, and their required fields are the schema's.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
export type TypeChecks = [
  Expect<
    Equal<
      TrainingConfig["schedule"],
      { type: "constant" } | { type: "linear"; warmupRatio: number } | {
        type: "cosine-restarts";
        cycles: number;
        warmupRatio: number;
      }
    >
  >,
  Expect<
    Equal<
      BackboneRef,
      { kind: "embedded"; id: string; label?: string } | {
        kind: "hub";
        id: string;
        revision: string;
        architecture: Architecture;
        label?: string;
      }
    >
  >,
  Expect<Equal<Spec["paper"], string>>,
  Expect<Equal<Spec["task"]["trainShots"], number | "all" | number[]>>,
  Expect<Equal<Spec["derivedFrom"], string | undefined>>,
  Expect<Equal<Infer<typeof derivedSpec>, DerivedSpecFile>>,
];

/** Required fields of a checker's type, listed for the schema check below; the type forbids a missing or extra one. */
const required = <T>() =>
<const K extends readonly RequiredKeys<T>[]>(
  keys:
    & K
    & (Exclude<RequiredKeys<T>, K[number]> extends never ? unknown
      : { missing: Exclude<RequiredKeys<T>, K[number]> }),
) => keys;

test("each type's required fields are its schema's required fields", () => {
  const cases: [JsonSchema, readonly string[]][] = [
    [
      fullSpec.schema,
      required<Spec>()([
        "id",
        "paper",
        "table",
        "title",
        "citation",
        "dataset",
        "task",
        "targets",
        "methods",
        "metric",
        "labelWords",
        "deviations",
        "profiles",
      ]),
    ],
    [
      derivedSpec.schema,
      required<DerivedSpecFile>()(["id", "paper", "table", "title", "citation", "derivedFrom", "deviations"]),
    ],
    [extendedSpec.schema, required<ExtendedSpecFile>()(["id", "extends", "title"])],
    [profile.schema, required<Profile>()(["description", "backbones", "seeds", "training"])],
    [training.schema, required<TrainingConfig>()(["batchSize", "evalEvery", "maxLength", "optimizer", "schedule"])],
    [backboneEntry.schema, required<BackboneEntry>()(["backbone"])],
    [methodEntry.schema, required<MethodEntry>()(["id", "method", "label", "params"])],
  ];
  for (const [schema, keys] of cases) expect(schema.required).toEqual([...keys]);
  const sample = {
    id: "x",
    paper: "spt",
    table: "t",
    title: "T",
    citation: "C",
    derivedFrom: "spt-table4",
    correlation: { columns: ["syn"] },
    deviations: [],
  } satisfies DerivedSpecFile;
  expect(schemaErrors(SCHEMA, sample)).toEqual([]);
  expect(derivedSpec(sample, "", "sample.json")).toEqual(sample);
});
