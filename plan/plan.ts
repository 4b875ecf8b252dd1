// spec + profile + command-line narrowing -> the list of cells to run, and
// the target groups each reported number is aggregated over.
import type { LanguageTable } from "../datasets/languages.ts";
import type { DatasetDef } from "../datasets/define.ts";
import { datasetOf } from "../datasets/registry.ts";
import { perClassProblem } from "./spec-shots.ts";
import { methodOrigin } from "../methods/registry.ts";
import { contentId } from "../core/canonical.ts";
import { drawSeeds, initSeeds, isCrossed, type SeedDesign, seedPairs } from "../core/seed.ts";
import type { Cell, CellConfig } from "../core/record.ts";
import type { BackboneEntry, BackboneRef, Profile, Spec, TrainingConfig } from "../core/spec.ts";

export interface PlanOptions {
  profile: string;
  /** The draw seeds (of a list profile: the seeds), replacing the profile's. */
  seeds?: number[];
  /** The initialisation seeds, replacing a crossed profile's (a list profile's become crossed with them). */
  initSeeds?: number[];
  langs?: string[];
  /** Evaluate on the targets' dev split instead of test (goldens do not apply). */
  evalSplit?: "test" | "dev";
  /** Narrow the k axis to these values (each must be one of the profile's). */
  ks?: number[];
  /** Run the profile's one backbone entry with this backbone instead (goldens do not apply). */
  backbone?: BackboneRef;
  /** Run these method rows (ids of the spec's rows) instead of the profile's. */
  rows?: string[];
}

export interface BackbonePlan {
  entry: BackboneEntry;
  /** Target group -> its languages in this run (only groups with at least one). */
  groups: Record<string, string[]>;
  targets: string[];
}

export interface Plan {
  spec: Spec;
  profileName: string;
  profile: Profile;
  backbones: BackbonePlan[];
  cells: Cell[];
  /** Cells whose trained state other cells start from (full supervision's first stage): run first, their state kept. */
  prerequisites: Cell[];
  evalSplit: "test" | "dev";
  /** Set when --backbone replaced the profile's backbone. */
  backboneOverride?: BackboneRef;
  /** The options that ran less than the profile (--seeds, --langs, --k, --methods): such a run cannot become the profile's golden. */
  narrowed: string[];
}

/** Why the profile's golden file does not apply to this plan, or null when it does. */
export function goldenExclusion(plan: Plan): string | null {
  if (plan.evalSplit === "dev") return "these results are on the dev split; golden values are test numbers";
  if (plan.backboneOverride) {
    return `--backbone ${plan.backboneOverride.id} replaced the profile's backbone; golden values belong to the profile's`;
  }
  return null;
}

export function backboneKey(e: BackboneEntry): string {
  return e.backbone.kind === "hub" ? `${e.backbone.id}@${e.backbone.revision}` : e.backbone.id;
}

/** n members spread evenly over the group (code order), so a smoke subset is not all one letter. */
/** A backbone's own dropout over its profile's training (BLOOM's checkpoints have none). */
function withDropout(t: TrainingConfig, dropout: number | undefined): TrainingConfig {
  return dropout === undefined ? t : { ...t, dropout };
}

export function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

function checkLanguages(ds: DatasetDef, codes: string[], where: string): void {
  for (const c of codes) {
    if (!ds.languages.includes(c)) {
      throw new Error(
        `${where}: "${c}" is not a ${ds.name} language code (e.g. ${ds.languages.slice(0, 2).join(", ")})`,
      );
    }
  }
}

/** The k values of a run (one when the spec has no k axis) and whether k is a column of the table. */
export function kValues(spec: Spec, profile: Profile): { ks: (number | "all")[]; axis: boolean } {
  const t = spec.task.trainShots;
  if (!Array.isArray(t)) return { ks: [t], axis: false };
  return { ks: profile.trainShots ?? t, axis: true };
}

/** The k of a spec that trains at one k (no k axis), which its golden cells may name. */
export function specK(plan: Pick<Plan, "spec">): number | undefined {
  const t = plan.spec.task.trainShots;
  return typeof t === "number" ? t : undefined;
}

/** The swept parameter's values of a run ([undefined] without a sweep). */
export function sweepValues(spec: Spec, profile: Profile): (number | undefined)[] {
  return spec.sweep ? (profile.sweepValues ?? spec.sweep.values) : [undefined];
}

/** The source sets of a run: the spec's named sets (smoke: spread to the profile's size), or its one unnamed set. */
export function sourceSetsOf(
  spec: Spec,
  profile: Profile,
  langs: LanguageTable,
): { name?: string; languages: string[] }[] {
  if (!spec.task.sourceSets) {
    return [{
      languages: profile.sourceLanguages ?? spec.task.sources.languages ?? langs.group(spec.task.sources.group!),
    }];
  }
  return spec.task.sourceSets.filter((x) => !profile.sourceSets || profile.sourceSets.includes(x.name)).map((x) => {
    const all = x.languages ?? langs.group(x.group!);
    return { name: x.name, languages: profile.sourcesPerSet ? spread(all, profile.sourcesPerSet) : all };
  });
}

/** A plug-in method's part of its cells' identity: its module's sha256 (nothing for a built-in method). */
function plugin(method: string): { plugin?: string } {
  const origin = methodOrigin(method);
  return origin ? { plugin: origin.sha256 } : {};
}

/** The groups with only the languages in `keep` (a group left empty goes); none left is an error naming `what`. */
function keepLanguages(groups: Record<string, string[]>, keep: string[], what: string, of: string) {
  const set = new Set(keep);
  const out = Object.fromEntries(
    Object.entries(groups).map(([g, m]) => [g, m.filter((c) => set.has(c))]).filter(([, m]) => m.length > 0),
  );
  if (!Object.keys(out).length) throw new Error(`${what} ${keep.join(",")}: none of these is a target of ${of}`);
  return out;
}

export function planSpec(spec: Spec, langs: LanguageTable, opts: PlanOptions): Plan {
  const profile = spec.profiles[opts.profile];
  if (!profile) {
    throw new Error(
      `spec ${spec.id} has no profile "${opts.profile}" (profiles: ${Object.keys(spec.profiles).join(", ")})`,
    );
  }
  const ds = datasetOf(spec.dataset);
  if (opts.langs) checkLanguages(ds, opts.langs, "--langs");
  if (!ds.evalSplits.includes(opts.evalSplit ?? "test")) {
    throw new Error(
      `--eval-split ${opts.evalSplit}: ${spec.dataset} has no ${opts.evalSplit} split per target language (it has ${
        ds.evalSplits.join(", ")
      })`,
    );
  }
  const sourceSets = sourceSetsOf(spec, profile, langs);
  for (const set of sourceSets) {
    checkLanguages(ds, set.languages, `${spec.id} sources${set.name ? ` ${set.name}` : ""}`);
  }
  const seeds = seedPairs(runSeeds(profile.seeds, opts));
  const evalSplit = opts.evalSplit ?? "test";
  // the test split is checked when the spec loads; a dev split is usually smaller
  const subset = profile.testPerClass &&
    perClassProblem(
      ds,
      evalSplit,
      profile.testPerClass,
      `profiles.${opts.profile}.testPerClass ${profile.testPerClass}`,
    );
  if (subset) throw new Error(`--eval-split ${evalSplit}: ${subset}`);
  let entries = profile.backbones;
  if (opts.backbone) {
    if (entries.length !== 1) {
      throw new Error(
        `--backbone: profile "${opts.profile}" of ${spec.id} has ${entries.length} backbones; it replaces a profile's only backbone`,
      );
    }
    entries = [{ ...entries[0], backbone: opts.backbone }];
  }

  let droppedLanguages = false;
  const backbones: BackbonePlan[] = entries.map((entry) => {
    let groups: Record<string, string[]> = {};
    if (entry.languages ?? profile.languages ?? spec.targets.languages) {
      const list = entry.languages ?? profile.languages ?? spec.targets.languages!;
      checkLanguages(ds, list, `${spec.id} targets`);
      groups = { [spec.targets.averageKey ?? "all"]: [...list].sort() };
    } else {
      for (const g of spec.targets.groups!) {
        if (langs.groups[g]?.union) continue;
        const members = langs.group(g);
        groups[g] = profile.languagesPerGroup ? spread(members, profile.languagesPerGroup) : members;
      }
      // a union of target groups is the union of this run's members (a smoke subset's, too)
      for (const g of spec.targets.groups!) {
        const union = langs.groups[g]?.union;
        if (union) {
          groups[g] = [
            ...new Set(union.flatMap((u) =>
              groups[u] ??
                (profile.languagesPerGroup ? spread(langs.group(u), profile.languagesPerGroup) : langs.group(u))
            )),
          ].sort();
        }
      }
      groups = Object.fromEntries(spec.targets.groups!.map((g) => [g, groups[g]]));
    }
    // an extending spec's own languages are its table; --langs narrows a run of it
    const only = spec.extension?.languages;
    if (only) groups = keepLanguages(groups, only, `${spec.id} languages`, spec.extension!.of);
    if (opts.langs) {
      const before = Object.values(groups).flat().length;
      groups = keepLanguages(groups, opts.langs, "--langs", spec.id);
      if (Object.values(groups).flat().length < before) droppedLanguages = true;
    }
    const targets = [...new Set(Object.values(groups).flat())].sort();
    return { entry, groups, targets };
  });

  const { ks: all, axis } = kValues(spec, profile);
  if (opts.ks && !axis) {
    throw new Error(`--k: ${spec.id} has no k axis (it trains on ${spec.task.trainShots} per class)`);
  }
  const bad = opts.ks?.find((k) => !all.includes(k));
  if (bad !== undefined) {
    throw new Error(`--k ${bad}: the ${opts.profile} profile of ${spec.id} runs k = ${all.join(", ")}`);
  }
  const ks = opts.ks ?? all;
  const rowIds = spec.methods.map((m) => m.id);
  const badRow = opts.rows?.find((r) => !rowIds.includes(r));
  if (badRow !== undefined) {
    throw new Error(`--methods ${badRow}: not a row of ${spec.id} (rows: ${rowIds.join(", ")})`);
  }
  const profileRows = profile.rows ?? rowIds;
  const runRows = opts.rows ?? profileRows;
  const xs = sweepValues(spec, profile);
  const cells: Cell[] = [];
  const prerequisites = new Map<string, Cell>();
  const full = spec.task.setting === "full-supervision";
  for (const bp of backbones) {
    for (const m of spec.methods.filter((x) => runRows.includes(x.id))) {
      const merged = { ...m.params, ...profile.methodParams?.[m.id], ...bp.entry.methodParams?.[m.id] };
      for (const set of sourceSets.filter((x) => !m.sources || m.sources.includes(x.name!))) {
        for (const k of ks) {
          for (const x of xs) {
            const params = x === undefined ? merged : { ...merged, [spec.sweep!.param]: x };
            for (const { draw: seed, init } of seeds) {
              const config: CellConfig = {
                method: { id: m.id, method: m.method, params, ...plugin(m.method) },
                backbone: bp.entry.backbone,
                dataset: { name: spec.dataset, revision: ds.source.commit },
                setting: full ? "zero-shot" : (spec.task.setting as CellConfig["setting"]),
                sources: [...set.languages].sort(),
                trainShots: k,
                devShots: spec.task.devShots === "k"
                  ? (k as number)
                  : spec.task.devShots === "k/4"
                  ? (k as number) / 4
                  : spec.task.devShots,
                maxTrainPerLanguage: profile.maxTrainPerLanguage,
                testPerClass: profile.testPerClass,
                targets: bp.targets,
                labelWords: bp.entry.labelWords ?? spec.labelWords,
                seed,
                // only where it differs: a list's cells, and a crossed design's diagonal, keep their ids
                ...(init !== seed ? { initSeed: init } : {}),
                training: withDropout(profile.training, bp.entry.dropout),
                // absent for test, so that test cells keep their ids
                ...(evalSplit === "dev" ? { evalSplit } : {}),
              };
              const setting = [m.golden?.setting, set.name === undefined ? undefined : `source:${set.name}`].filter(
                Boolean,
              ).join(",");
              const row = {
                method: m.id,
                label: m.label,
                golden: { method: m.golden?.method ?? m.id, ...(setting ? { setting } : {}) },
                ...(set.name === undefined ? {} : { source: set.name }),
                ...(axis ? { k: k as number } : {}),
                ...(x === undefined ? {} : { x }),
              };
              const cell = { id: contentId(config), config, row };
              if (!full) {
                cells.push(cell);
                continue;
              }
              // sequential transfer: the multi-source cell first, then one model per target language trained on it
              prerequisites.set(cell.id, cell);
              for (const lang of bp.targets) {
                const second: CellConfig = {
                  ...config,
                  setting: "full-supervision",
                  sources: [lang],
                  targets: [lang],
                  training: withDropout(profile.targetTraining!, bp.entry.dropout),
                  initFrom: { id: cell.id, config },
                };
                cells.push({ id: contentId(second), config: second, row });
              }
            }
          }
        }
      }
    }
  }
  const same = (a: unknown[] | undefined, b: unknown[]) =>
    !a || (a.length === b.length && a.every((x) => b.includes(x)));
  const narrowed = [
    !same(opts.seeds, drawSeeds(profile.seeds)) && "--seeds",
    // (on a list profile, --init-seeds adds cells even where it names the list's seeds)
    (!same(opts.initSeeds, initSeeds(profile.seeds)) || (!!opts.initSeeds && !isCrossed(profile.seeds))) &&
    "--init-seeds",
    droppedLanguages && "--langs",
    !same(opts.ks, all) && "--k",
    profileRows.some((r) => !runRows.includes(r)) && "--methods",
  ].filter((x): x is string => !!x);
  return {
    spec,
    profileName: opts.profile,
    profile,
    backbones,
    cells,
    prerequisites: [...prerequisites.values()],
    evalSplit,
    narrowed,
    ...(opts.backbone ? { backboneOverride: opts.backbone } : {}),
  };
}

/** Whether a plan's cells cross draw and initialisation seeds (some cell's initialisation seed differs from its draw seed). */
export const crossesSeeds = (plan: Plan): boolean => plan.cells.some((c) => c.config.initSeed !== undefined);

/**
 * The seed design of a run: --seeds replaces the draw seeds (a list profile's
 * seeds), --init-seeds the initialisation seeds; --init-seeds on a list profile
 * crosses its (or --seeds') seeds with them.
 */
function runSeeds(design: SeedDesign, opts: Pick<PlanOptions, "seeds" | "initSeeds">): SeedDesign {
  const draw = opts.seeds ?? drawSeeds(design);
  if (!isCrossed(design) && !opts.initSeeds) return draw;
  return { draw, init: opts.initSeeds ?? initSeeds(design) };
}

/** How progress lines and failures name a cell: spec, row, k, swept value, backbone, seed. */
export function cellLabel(spec: Spec, cell: Cell): string {
  const r = cell.row, c = cell.config;
  const axes = [
    r.source !== undefined ? `source=${r.source}` : "",
    r.k !== undefined ? `k=${r.k}` : "",
    r.x !== undefined ? `${spec.sweep!.param}=${r.x}` : "",
    cell.config.setting === "full-supervision" ? `target=${cell.config.targets[0]}` : "",
  ].filter(Boolean).join(" ");
  return `${spec.id} ${r.label}${axes ? ` ${axes}` : ""} ${c.backbone.label ?? c.backbone.id} seed=${c.seed}${
    c.initSeed === undefined ? "" : ` init=${c.initSeed}`
  }`;
}
