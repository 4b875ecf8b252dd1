// A spec that extends another (`"extends": "xpe-table1"`): the base's table with
// the user's rows added, some of its rows dropped, or its seeds or target
// languages narrowed. It is completed into a full spec here and then checked as
// one (parseSpec), so a row it shares with the base plans the very same cells
// (a cell id is its configuration's hash; a row's label is not part of it) and a
// run of the extension reuses the base's records instead of training again.
import { SpecError } from "../core/check.ts";
import { extendedSpec, type ExtendedSpecFile, type Extension, type Profile, type Spec } from "../core/spec.ts";

/** The full spec an extension describes (for parseSpec to check) and what it changed; `specs` are the loaded full specs. */
export function completeExtension(
  raw: unknown,
  source: string,
  specs: Spec[],
): { full: Record<string, unknown>; extension: Extension } {
  const { $schema: _, ...d } = extendedSpec(raw, "", source);
  const base = specs.find((s) => s.id === d.extends);
  if (!base) {
    throw new SpecError(
      source,
      "extends",
      `no spec with id ${JSON.stringify(d.extends)} (known: ${specs.map((s) => s.id).join(", ")})`,
    );
  }
  if (base.derivedFrom) {
    throw new SpecError(
      source,
      "extends",
      `${base.id} is derived from ${base.derivedFrom}; extend ${base.derivedFrom}`,
    );
  }
  if (base.extension) {
    throw new SpecError(
      source,
      "extends",
      `${base.id} extends ${base.extension.of} itself; extend ${base.extension.of}`,
    );
  }
  const baseIds = base.methods.map((m) => m.id);
  d.rows?.forEach((r, i) => {
    if (!baseIds.includes(r)) {
      throw new SpecError(
        source,
        `rows[${i}]`,
        `${JSON.stringify(r)} is not a row of ${base.id} (${baseIds.join(", ")})`,
      );
    }
  });
  d.methods?.forEach((m, i) => {
    if (baseIds.includes(m.id)) {
      throw new SpecError(
        source,
        `methods[${i}].id`,
        `${
          JSON.stringify(m.id)
        } is a row of ${base.id} already; an added row needs a new id (rows: keeps or drops the base's rows)`,
      );
    }
  });
  const kept = base.methods.filter((m) => !d.rows || d.rows.includes(m.id));
  const added = d.methods ?? [];
  const keptIds = new Set(kept.map((m) => m.id));
  if (!d.comparisons && base.comparisons && !keptIds.has(base.comparisons.reference)) {
    throw new SpecError(
      source,
      "rows",
      `drops ${base.comparisons.reference}, the reference row of ${base.id}'s comparisons; keep it, or give comparisons a reference of yours`,
    );
  }
  checkProfiles(d.profiles, base, [...keptIds, ...added.map((m) => m.id)], source);
  const keptParams = (ps: Profile["methodParams"]) =>
    Object.fromEntries(Object.entries(ps ?? {}).filter(([id]) => keptIds.has(id)));
  const profile = (name: string, p: Profile): Profile => {
    const own = d.profiles?.[name];
    const params = { ...keptParams(p.methodParams), ...own?.methodParams };
    return {
      ...p,
      // a backbone's overrides of a dropped row go with the row
      backbones: p.backbones.map(({ methodParams: mp, ...b }) => {
        const kept = mp && keptParams(mp);
        return kept && Object.keys(kept).length ? { ...b, methodParams: kept } : b;
      }),
      ...(d.seeds ? { seeds: d.seeds } : {}),
      // a profile that runs some rows runs the kept ones of them and every added row, unless the extension names its rows
      ...(own?.rows
        ? { rows: own.rows }
        : p.rows || d.rows
        ? { rows: [...(p.rows ?? baseIds).filter((r) => keptIds.has(r)), ...added.map((m) => m.id)] }
        : {}),
      ...(Object.keys(params).length ? { methodParams: params } : {}),
    };
  };
  const { main: _main, ...rest } = base;
  const extension: Extension = {
    of: base.id,
    added: added.map((m) => m.id),
    dropped: baseIds.filter((id) => !keptIds.has(id)),
    ...(d.seeds ? { seeds: d.seeds } : {}),
    ...(d.languages ? { languages: d.languages } : {}),
  };
  const full = {
    ...rest,
    id: d.id,
    paper: d.paper ?? base.paper,
    table: d.table ?? base.table,
    title: d.title,
    citation: d.citation ?? base.citation,
    methods: [...kept, ...added],
    ...(d.comparisons ? { comparisons: d.comparisons } : {}),
    deviations: [...base.deviations, ...(d.deviations ?? [])],
    ...(d.costFront !== undefined ? { costFront: d.costFront } : {}),
    profiles: Object.fromEntries(Object.entries(base.profiles).map(([name, p]) => [name, profile(name, p)])),
  };
  return { full, extension };
}

/** An extension's per-profile settings name the base's profiles and the extension's own rows. */
function checkProfiles(profiles: ExtendedSpecFile["profiles"], base: Spec, rows: string[], source: string): void {
  for (const [name, p] of Object.entries(profiles ?? {})) {
    if (!Object.hasOwn(base.profiles, name)) {
      throw new SpecError(
        source,
        `profiles.${name}`,
        `${base.id} has no profile ${JSON.stringify(name)} (${Object.keys(base.profiles).join(", ")})`,
      );
    }
    const named: [string, string[]][] = [["rows", p.rows ?? []], ["methodParams", Object.keys(p.methodParams ?? {})]];
    for (const [field, ids] of named) {
      const unknown = ids.find((id) => !rows.includes(id));
      if (unknown !== undefined) {
        throw new SpecError(
          source,
          `profiles.${name}.${field}`,
          `${JSON.stringify(unknown)} is not a row of this spec (${rows.join(", ")})`,
        );
      }
    }
  }
}
