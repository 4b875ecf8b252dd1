// What only the registries can tell of a spec: known dataset ids, its languages,
// label count and published splits, and each method row's parameters as its
// definition checks them (after a profile's and a backbone's overrides), with
// the error placed where the file wrote the bad value; and a figure's rows.
import { SpecError } from "../core/check.ts";
import { drawSeeds, isCrossed } from "../core/seed.ts";
import type { Spec } from "../core/spec.ts";
import { datasetIds, findDataset } from "../datasets/registry.ts";
import { checkMethodParams } from "../methods/registry.ts";
import { checkShotsFit } from "./spec-shots.ts";

export function checkFigure(spec: Spec, source: string): void {
  const ids = new Set(spec.methods.map((m) => m.id));
  spec.figure?.groups?.forEach((g, i) => {
    if (!spec.targets.groups?.includes(g)) {
      throw new SpecError(
        source,
        `figure.groups[${i}]`,
        `${JSON.stringify(g)} is not a target group (${(spec.targets.groups ?? []).join(", ")})`,
      );
    }
  });
  if (spec.figure?.x === "language-sorted") {
    if (!spec.figure.sortBy || !ids.has(spec.figure.sortBy)) {
      throw new SpecError(
        source,
        "figure.sortBy",
        `a figure of languages sorted by a row needs sortBy, one of ${[...ids].join(", ")}; got ${
          JSON.stringify(spec.figure.sortBy)
        }`,
      );
    }
  }
  if (spec.figure?.x === "language") {
    if (!spec.figure.gain) {
      throw new SpecError(
        source,
        "figure.gain",
        'a figure over languages (figure.x "language") needs gain: {of, over}',
      );
    }
    for (const f of ["of", "over"] as const) {
      if (!ids.has(spec.figure.gain[f])) {
        throw new SpecError(source, `figure.gain.${f}`, `no method with id ${JSON.stringify(spec.figure.gain[f])}`);
      }
    }
  }
}

/** What only the dataset and method registries can tell: known ids, languages, label count, published splits, method parameters. */
export function checkAgainstRegistries(spec: Spec, source: string): void {
  const ds = findDataset(spec.dataset);
  if (!ds) {
    throw new SpecError(
      source,
      "dataset",
      `unknown dataset ${JSON.stringify(spec.dataset)} (known: ${datasetIds().join(", ")})`,
    );
  }
  if (spec.labelWords.length !== ds.labels.length) {
    throw new SpecError(
      source,
      "labelWords",
      `${spec.labelWords.length} words for ${ds.labels.length} classes (${ds.labels.join(", ")})`,
    );
  }
  const langs = (list: string[] | undefined, path: string) =>
    list?.forEach((l, i) => {
      if (!ds.languages.includes(l)) {
        throw new SpecError(
          source,
          `${path}[${i}]`,
          `${JSON.stringify(l)} is not a ${spec.dataset} language code (e.g. ${ds.languages.slice(0, 3).join(", ")})`,
        );
      }
    });
  langs(spec.task.sources.languages, "task.sources.languages");
  langs(spec.targets.languages, "targets.languages");
  const ks = (list: number | "all" | number[], path: string) => {
    if (ds.splits !== "given") return;
    for (const k of Array.isArray(list) ? list : [list]) {
      if (!ds.givenShots!.k.includes(k as number)) {
        throw new SpecError(
          source,
          path,
          `${spec.dataset} publishes k-shot splits for k = ${ds.givenShots!.k.join(", ")}, not ${JSON.stringify(k)}`,
        );
      }
    }
  };
  ks(spec.task.trainShots, "task.trainShots");
  if ((ds.splits === "given") !== (spec.task.devShots === "given")) {
    throw new SpecError(
      source,
      "task.devShots",
      ds.splits === "given"
        ? `${spec.dataset} publishes its dev split with each k-shot split: use "given"`
        : `${spec.dataset} publishes no k-shot splits: "given" does not apply`,
    );
  }
  if ((spec.task.devShots === "k" || spec.task.devShots === "k/4") && spec.task.trainShots === "all") {
    throw new SpecError(
      source,
      "task.devShots",
      `${JSON.stringify(spec.task.devShots)} (dev examples per class from k) needs trainShots k, not "all"`,
    );
  }
  if (spec.task.devShots === "k/4") {
    for (const k of Array.isArray(spec.task.trainShots) ? spec.task.trainShots : [spec.task.trainShots as number]) {
      if (k % 4 !== 0) {
        throw new SpecError(source, "task.trainShots", `devShots "k/4" needs every k divisible by 4, not ${k}`);
      }
    }
  }
  checkShotsFit(spec, ds, source);
  for (const x of spec.task.sourceSets ?? []) langs(x.languages, `task.sourceSets.${x.name}.languages`);
  const ids = new Set(spec.methods.map((m) => m.id));
  if (spec.comparisons && !ids.has(spec.comparisons.reference)) {
    throw new SpecError(
      source,
      "comparisons.reference",
      `no method with id ${JSON.stringify(spec.comparisons.reference)}`,
    );
  }
  if (spec.figure?.x === "sweep" && !spec.sweep) throw new SpecError(source, "figure.x", '"sweep" needs a sweep');
  if (spec.figure?.x === "row") {
    const i = spec.methods.findIndex((m) => !m.figure);
    if (i >= 0) {
      throw new SpecError(
        source,
        `methods[${i}].figure`,
        'a figure of rows (figure.x "row") needs every row\'s panel and x',
      );
    }
  }
  checkFigure(spec, source);
  for (const [name, p] of Object.entries(spec.profiles)) {
    p.rows?.forEach((r, i) => {
      if (!ids.has(r)) {
        throw new SpecError(source, `profiles.${name}.rows[${i}]`, `no method with id ${JSON.stringify(r)}`);
      }
    });
  }
  const average = spec.targets.averageKey;
  if (average && ds.languages.includes(average)) {
    throw new SpecError(
      source,
      "targets.averageKey",
      `${JSON.stringify(average)} is a ${spec.dataset} language code; the average needs a name of its own`,
    );
  }
  const language = spec.figure?.language;
  if (
    language && language !== (average ?? "all") && !spec.targets.languages?.includes(language) &&
    !spec.targets.groups?.includes(language)
  ) {
    throw new SpecError(
      source,
      "figure.language",
      `${JSON.stringify(language)} is not a target (${
        [...(spec.targets.languages ?? spec.targets.groups ?? []), average ?? "all"].join(", ")
      })`,
    );
  }
  if (spec.sweep) {
    // the swept parameter must be one every method row takes
    spec.methods.forEach((m, i) => {
      try {
        checkMethodParams(
          m.method,
          { ...m.params, [spec.sweep!.param]: spec.sweep!.values[0] },
          `methods[${i}].params`,
          source,
        );
      } catch (e) {
        if (e instanceof SpecError && e.path.endsWith(`.${spec.sweep!.param}`)) {
          throw new SpecError(
            source,
            "sweep.param",
            `${JSON.stringify(spec.sweep!.param)} is not a parameter of ${m.method} (row ${m.id}) taking ${
              spec.sweep!.values[0]
            }: ${e.message.split(": ").slice(2).join(": ")}`,
          );
        }
        throw e;
      }
    });
  }
  if (spec.figure?.x === "k" && !Array.isArray(spec.task.trainShots)) {
    throw new SpecError(source, "figure.x", '"k" needs a list of k in task.trainShots');
  }
  for (const [name, p] of Object.entries(spec.profiles)) {
    if (p.trainShots) {
      if (!Array.isArray(spec.task.trainShots)) {
        throw new SpecError(
          source,
          `profiles.${name}.trainShots`,
          "the spec has no k axis (task.trainShots is not a list)",
        );
      }
      ks(p.trainShots, `profiles.${name}.trainShots`);
    }
    if (p.sweepValues && !spec.sweep) {
      throw new SpecError(source, `profiles.${name}.sweepValues`, "the spec has no sweep");
    }
    if (ds.splits === "given") {
      // a published split is a draw: the initialisation seeds are free
      drawSeeds(p.seeds).forEach((seed, i) => {
        if (!ds.givenShots!.seeds.includes(seed)) {
          throw new SpecError(
            source,
            `profiles.${name}.seeds${isCrossed(p.seeds) ? ".draw" : ""}[${i}]`,
            `a ${spec.dataset} seed names one of its published splits (${
              ds.givenShots!.seeds.join(", ")
            }), not ${seed}`,
          );
        }
      });
    }
    const sweepValues = spec.sweep ? (p.sweepValues ?? spec.sweep.values) : [undefined];
    p.backbones.forEach((b, bi) => {
      langs(b.languages, `profiles.${name}.backbones[${bi}].languages`);
      if (b.labelWords && b.labelWords.length !== ds.labels.length) {
        throw new SpecError(
          source,
          `profiles.${name}.backbones[${bi}].labelWords`,
          `${b.labelWords.length} words for ${ds.labels.length} classes (${ds.labels.join(", ")})`,
        );
      }
      for (const [mid] of Object.entries(b.methodParams ?? {})) {
        if (!ids.has(mid)) {
          throw new SpecError(
            source,
            `profiles.${name}.backbones[${bi}].methodParams.${mid}`,
            `no method with id ${JSON.stringify(mid)}`,
          );
        }
      }
      spec.methods.forEach((m, mi) => {
        const merged = { ...m.params, ...p.methodParams?.[m.id], ...b.methodParams?.[m.id] };
        const levels: [Record<string, unknown> | undefined, string][] = [
          [b.methodParams?.[m.id], `profiles.${name}.backbones[${bi}].methodParams.${m.id}`],
          [p.methodParams?.[m.id], `profiles.${name}.methodParams.${m.id}`],
        ];
        const path = "params";
        for (const v of sweepValues) {
          try {
            checkMethodParams(m.method, v === undefined ? merged : { ...merged, [spec.sweep!.param]: v }, path, source);
          } catch (e) {
            if (!(e instanceof SpecError) || !e.path.startsWith(path)) throw e;
            // name the file's own place of the bad value: the override that set it, else the row's params
            const rest = e.path.slice(path.length), detail = e.message.slice(`${source}: ${e.path}: `.length);
            if (!rest) throw new SpecError(source, `methods[${mi}].method`, detail);
            const field = rest.slice(1).split(/[.[]/)[0];
            if (v !== undefined && field === spec.sweep!.param) {
              const [list, at] = p.sweepValues
                ? [`profiles.${name}.sweepValues`, p.sweepValues.indexOf(v)]
                : ["sweep.values", spec.sweep!.values.indexOf(v)];
              throw new SpecError(source, `${list}[${at}]`, detail);
            }
            const from = levels.find(([o]) => o !== undefined && field in o)?.[1] ?? `methods[${mi}].params`;
            throw new SpecError(source, from + rest, detail);
          }
        }
      });
    });
    langs(p.languages, `profiles.${name}.languages`);
    langs(p.sourceLanguages, `profiles.${name}.sourceLanguages`);
  }
}
