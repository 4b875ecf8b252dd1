// Load-time validation of specs: core/spec.ts's checkers (the types and the
// schema), then what needs the registries or the other specs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SpecError } from "../core/check.ts";
import { derivedSpec, fullSpec, type Spec, SPEC_SCHEMA_FILE } from "../core/spec.ts";
import { checkAgainstRegistries, checkFigure } from "./spec-registries.ts";
import { completeExtension } from "./spec-extends.ts";

/** A derived spec completed from its base: the base's data, methods and profiles (hence its cells), never its main flag or golden. */
export function deriveSpec(raw: unknown, source: string, specs: Spec[]): Spec {
  const d = derivedSpec(raw, "", source);
  const base = specs.find((s) => s.id === d.derivedFrom);
  if (!base) {
    throw new SpecError(
      source,
      "derivedFrom",
      `no spec with id ${JSON.stringify(d.derivedFrom)} (known: ${specs.map((s) => s.id).join(", ")})`,
    );
  }
  if (base.derivedFrom) {
    throw new SpecError(source, "derivedFrom", `${base.id} is itself derived; derive from ${base.derivedFrom}`);
  }
  if (!d.figure && !d.correlation) {
    throw new SpecError(source, "(root)", "a derived spec adds a figure or a correlation to its base's cells");
  }
  const { $schema: _, ...own } = d;
  const spec: Spec = {
    ...base,
    main: undefined,
    golden: undefined,
    figure: undefined,
    comparisons: undefined,
    ...own,
    deviations: [...base.deviations, ...d.deviations],
  };
  delete spec.main;
  checkFigure(spec, source);
  return spec;
}

/** Validate a parsed spec; `source` names the file in errors. */
export function parseSpec(raw: unknown, source: string): Spec {
  const { $schema: _, ...spec } = fullSpec(raw, "", source);
  const ids = new Set<string>();
  spec.methods.forEach((m, i) => {
    if (ids.has(m.id)) throw new SpecError(source, `methods[${i}].id`, `duplicate method id ${JSON.stringify(m.id)}`);
    ids.add(m.id);
  });
  if (!spec.task.sourceSets && !spec.task.sources.group && !spec.task.sources.languages) {
    throw new SpecError(source, "task.sources", "needs a group or languages (or task.sourceSets)");
  }
  if (spec.task.sourceSets && (spec.task.sources.group || spec.task.sources.languages)) {
    throw new SpecError(source, "task.sources", "give the sources as task.sourceSets or here, not both");
  }
  const sets = new Set<string>();
  spec.task.sourceSets?.forEach((x, i) => {
    if (!x.group === !x.languages) {
      throw new SpecError(source, `task.sourceSets[${i}]`, "needs exactly one of group and languages");
    }
    if (sets.has(x.name)) {
      throw new SpecError(source, `task.sourceSets[${i}].name`, `${JSON.stringify(x.name)} is listed twice`);
    }
    sets.add(x.name);
  });
  spec.methods.forEach((m, i) =>
    m.sources?.forEach((n, j) => {
      if (!sets.has(n)) {
        throw new SpecError(
          source,
          `methods[${i}].sources[${j}]`,
          spec.task.sourceSets
            ? `no source set named ${JSON.stringify(n)} (task.sourceSets: ${[...sets].join(", ")})`
            : "the spec has no task.sourceSets",
        );
      }
    })
  );
  for (const [name, p] of Object.entries(spec.profiles)) {
    p.sourceSets?.forEach((n, i) => {
      if (!sets.has(n)) {
        throw new SpecError(
          source,
          `profiles.${name}.sourceSets[${i}]`,
          spec.task.sourceSets
            ? `no source set named ${JSON.stringify(n)} (task.sourceSets: ${[...sets].join(", ")})`
            : "the spec has no task.sourceSets",
        );
      }
    });
  }
  const full = spec.task.setting === "full-supervision";
  for (const [name, p] of Object.entries(spec.profiles)) {
    if (full !== !!p.targetTraining) {
      throw new SpecError(
        source,
        `profiles.${name}.targetTraining`,
        full
          ? "full supervision needs the training of its second stage (on each target language)"
          : "only a full-supervision spec trains a second stage",
      );
    }
  }
  if (!spec.targets.groups && !spec.targets.languages) {
    throw new SpecError(source, "targets", "needs groups or languages");
  }
  for (const [name, p] of Object.entries(spec.profiles)) {
    if (!p.training.maxSteps === !p.training.epochs) {
      throw new SpecError(source, `profiles.${name}.training`, "needs exactly one of maxSteps and epochs");
    }
    for (const [mid] of Object.entries(p.methodParams ?? {})) {
      if (!ids.has(mid)) {
        throw new SpecError(source, `profiles.${name}.methodParams.${mid}`, `no method with id ${JSON.stringify(mid)}`);
      }
    }
  }
  if (!spec.profiles.smoke) throw new SpecError(source, "profiles.smoke", "missing (every spec has a smoke profile)");
  checkAgainstRegistries(spec, source);
  return spec;
}

export function loadSpecFile(path: string): Spec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SpecError(path, "", `not valid JSON (${(e as Error).message})`);
  }
  return parseSpec(raw, path);
}

/** Every spec of a folder (see loadSpecDirs). */
export function loadSpecDir(dir: string): Spec[] {
  return loadSpecDirs([dir]);
}

/**
 * Every spec of the folders (the shipped ones first, then the user's): the
 * ordinary ones, then those extending them (completed from their base), then
 * those derived from either. An id is one spec's across all folders.
 */
export function loadSpecDirs(dirs: string[]): Spec[] {
  const raw = dirs.flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      throw new SpecError(
        dir,
        "",
        `cannot read the spec folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    return names.filter((f) => f.endsWith(".json") && f !== SPEC_SCHEMA_FILE).sort().map((f) => {
      const path = join(dir, f);
      try {
        return { path, json: JSON.parse(readFileSync(path, "utf8")) as unknown };
      } catch (e) {
        throw new SpecError(path, "", `not valid JSON (${(e as Error).message})`);
      }
    });
  });
  const has = (key: string) => (r: { json: unknown }) => typeof r.json === "object" && r.json !== null && key in r.json;
  const specs: Spec[] = [];
  const seen = new Map<string, string>();
  const add = (s: Spec, path: string) => {
    if (seen.has(s.id)) throw new SpecError(path, "id", `${JSON.stringify(s.id)} is also the id of ${seen.get(s.id)}`);
    seen.set(s.id, path);
    specs.push(s);
  };
  for (const r of raw.filter((x) => !has("derivedFrom")(x) && !has("extends")(x))) {
    add(parseSpec(r.json, r.path), r.path);
  }
  const full = [...specs];
  for (const r of raw.filter(has("extends"))) {
    const { full: completed, extension } = completeExtension(r.json, r.path, full);
    let spec: Spec;
    try {
      spec = { ...parseSpec(completed, r.path), extension };
    } catch (e) {
      // an added row's error names the row where the extending file has it (after the base's kept rows in the whole)
      if (!(e instanceof SpecError)) throw e;
      const m = /^methods\[(\d+)\](.*)$/.exec(e.path);
      const kept = (completed.methods as unknown[]).length - extension.added.length;
      if (!m || Number(m[1]) < kept) throw e;
      const detail = e.message.slice(`${r.path}: ${e.path}: `.length);
      throw new SpecError(r.path, `methods[${Number(m[1]) - kept}]${m[2]}`, detail);
    }
    checkFigure(spec, r.path);
    add(spec, r.path);
  }
  for (const r of raw.filter(has("derivedFrom"))) add(deriveSpec(r.json, r.path, specs), r.path);
  return specs.sort((a, b) => a.id.localeCompare(b.id));
}
