// A corpus of bad specs (test/fixtures/bad-specs.json): one value of every
// field kind made wrong in a real spec, each with the whole message it must
// give (the file, the field's place, what was expected, what it got).
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { datasetIds } from "../../datasets/registry.ts";
import { methodIds } from "../../methods/registry.ts";
import { loadSpecFile, parseSpec } from "../../plan/spec-schema.ts";
import { tempDir } from "../helpers/mirror.ts";

interface BadSpec {
  name: string;
  base: string;
  path: string;
  value?: unknown;
  delete?: true;
  /** The whole message; "{methods}" and "{datasets}" stand for the registries' ids, so a new method or dataset does not change the corpus. */
  message: string;
}

const CORPUS: BadSpec[] = JSON.parse(readFileSync(join(PROJECT_ROOT, "test", "fixtures", "bad-specs.json"), "utf8"));

function mutated(c: BadSpec): unknown {
  const raw = JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", `${c.base}.json`), "utf8"));
  const keys = c.path.split(".");
  let at = raw;
  for (const k of keys.slice(0, -1)) at = at[k];
  if (c.delete) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = c.value;
  return raw;
}

describe("bad specs", () => {
  test("the corpus covers every kind of field", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    for (
      const kind of [
        "missing",
        "unknown field",
        "expected a non-empty string",
        "expected a positive integer",
        "expected a number >= 0",
        "expected one of",
        "expected true or false",
        "expected an array of at least",
        "listed twice",
        "is not a sib200 language code",
        "unknown method",
        "unknown dataset",
        "no method with id",
        "words for 7 classes",
        "duplicate method id",
      ]
    ) {
      expect(CORPUS.some((c) => c.message.includes(kind)), kind).toBe(true);
    }
  });

  test.each(CORPUS.map((c) => [c.name, c] as [string, BadSpec]))("%s", (_name, c) => {
    expect(() => parseSpec(mutated(c), `${c.base}.json`)).toThrow(
      c.message.replace("{methods}", methodIds().join(", ")).replace("{datasets}", datasetIds().join(", ")),
    );
  });

  test("a spec file that is not JSON (truncated) names the file", () => {
    const p = join(tempDir(), "spt-table4.json");
    writeFileSync(p, readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8").slice(0, 300));
    expect(() => loadSpecFile(p)).toThrow(`${p}: (root): not valid JSON`);
  });
});
