#!/usr/bin/env bun
// specs/spec.schema.json from core/spec.ts's checkers, so that editors check and
// explain spec files (each names it in "$schema") with the loader's own rules.
// CI and test/plan/spec-json-schema.test.ts fail when the committed file is stale.
//   bun scripts/spec-schema.ts           (bun run schema) write it
//   bun scripts/spec-schema.ts --check   exit 1 when the committed file differs
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { JsonSchema } from "../core/check.ts";
import { PROJECT_ROOT } from "../core/settings.ts";
import { backboneRef } from "../core/backbone-ref.ts";
import { backboneEntry, methodParams, profile, training } from "../core/spec-profile.ts";
import {
  correlation,
  derivedSpec,
  extendedSpec,
  figure,
  fullSpec,
  methodEntry,
  sourceSet,
  SPEC_SCHEMA_FILE,
} from "../core/spec.ts";

export const SCHEMA_PATH = join(PROJECT_ROOT, "specs", SPEC_SCHEMA_FILE);

/** Parts named after their types in $defs, so that each is written once and editors name it. */
const NAMED = {
  BackboneRef: backboneRef,
  TrainingConfig: training,
  BackboneEntry: backboneEntry,
  Profile: profile,
  MethodEntry: methodEntry,
  MethodParamValues: methodParams,
  SourceSet: sourceSet,
  Figure: figure,
  CorrelationAnalysis: correlation,
};

/** `s` with each part equal to a named one (but for its description) replaced by a $ref to it. */
function withRefs(s: JsonSchema, skip?: string): JsonSchema {
  const bare = ({ description: _, ...rest }: JsonSchema) => JSON.stringify(rest);
  for (const [name, c] of Object.entries(NAMED)) {
    if (name === skip || bare(c.schema) !== bare(s)) continue;
    return {
      ...(s.description && s.description !== c.schema.description ? { description: s.description } : {}),
      $ref: `#/$defs/${name}`,
    };
  }
  const out: JsonSchema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, x]) => [k, withRefs(x)]));
  if (s.items) out.items = withRefs(s.items);
  if (typeof s.additionalProperties === "object") out.additionalProperties = withRefs(s.additionalProperties);
  if (s.oneOf) out.oneOf = s.oneOf.map((x) => withRefs(x));
  if (s.anyOf) out.anyOf = s.anyOf.map((x) => withRefs(x));
  return out;
}

/** The whole document: a spec file is a full spec, a derived one (which alone has derivedFrom) or an extending one (extends). */
export function specJsonSchema(): JsonSchema {
  const named = Object.entries(NAMED).map(([name, c]) => [name, withRefs(c.schema, name)]);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:xlt-bench:${SPEC_SCHEMA_FILE}`,
    title: "xlt-bench benchmark spec",
    description:
      "One results table of a paper as data (specs/*.json). Generated from core/spec.ts by `bun run schema`: edit the checkers there, not this file. The loader (plan/spec-schema.ts) also checks what a schema cannot: ids against the dataset and method registries, method parameters, cross-field rules.",
    oneOf: [{ $ref: "#/$defs/Spec" }, { $ref: "#/$defs/DerivedSpec" }, { $ref: "#/$defs/ExtendedSpec" }],
    $defs: {
      Spec: withRefs(fullSpec.schema),
      DerivedSpec: withRefs(derivedSpec.schema),
      ExtendedSpec: withRefs(extendedSpec.schema),
      ...Object.fromEntries(named),
    },
  };
}

/** JSON laid out for a reader: a part on one line when it fits in `width` columns or holds no object (a leaf, however long its description). */
export function formatJson(v: unknown, width = 120): string {
  const flat = (x: unknown) =>
    JSON.stringify(x, null, 1).replace(/([[{])\n\s*/g, "$1").replace(/\n\s*([\]}])/g, "$1").replace(/\n\s*/g, " ");
  const scalar = (x: unknown) => typeof x !== "object" || x === null;
  const fmt = (x: unknown, indent: string, lead: number): string => {
    const line = flat(x);
    if (scalar(x) || indent.length + lead + line.length <= width) return line;
    const inner = indent + "  ";
    if (Array.isArray(x) && x.every(scalar)) {
      // scalars packed into lines (a required list)
      const rows: string[] = [];
      for (const y of x.map((z) => JSON.stringify(z))) {
        if (rows.length && inner.length + rows[rows.length - 1].length + y.length + 2 <= width) {
          rows[rows.length - 1] += ` ${y},`;
        } else rows.push(`${y},`);
      }
      return `[\n${rows.map((r) => inner + r).join("\n").slice(0, -1)}\n${indent}]`;
    }
    if (Array.isArray(x)) return `[\n${x.map((y) => inner + fmt(y, inner, 0)).join(",\n")}\n${indent}]`;
    const values = Object.values(x as object);
    if (values.every((y) => scalar(y) || (Array.isArray(y) && y.every(scalar)))) return line;
    const fields = Object.entries(x as object).map(([k, y]) =>
      `${inner}${JSON.stringify(k)}: ${fmt(y, inner, JSON.stringify(k).length + 3)}`
    );
    return `{\n${fields.join(",\n")}\n${indent}}`;
  };
  return fmt(v, "", 0) + "\n";
}

export const specJsonSchemaText = (): string => formatJson(specJsonSchema());

/** null when the file at `path` is what the checkers generate, else what is wrong and how to mend it. */
export function staleSchema(path = SCHEMA_PATH): string | null {
  let committed: string | undefined;
  try {
    committed = readFileSync(path, "utf8");
  } catch {
    committed = undefined;
  }
  if (committed === specJsonSchemaText()) return null;
  const name = relative(PROJECT_ROOT, path);
  return `${name} is ${
    committed === undefined ? "missing" : "not what core/spec.ts's checkers generate"
  }: run \`bun run schema\` (bun scripts/spec-schema.ts) and commit it`;
}

if (import.meta.main) {
  if (process.argv.includes("--check")) {
    const problem = staleSchema();
    if (problem) {
      console.error(problem);
      process.exit(1);
    }
    console.log(`${relative(PROJECT_ROOT, SCHEMA_PATH)} is current`);
  } else {
    writeFileSync(SCHEMA_PATH, specJsonSchemaText());
    console.log(`wrote ${relative(PROJECT_ROOT, SCHEMA_PATH)}`);
  }
}
