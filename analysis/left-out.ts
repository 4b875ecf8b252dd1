// Why a record of a results folder fills no table: said from its config
// against the loaded specs' plans, never guessed. Evaluated on the dev split;
// a backbone no profile of its spec uses (--backbone); a method row no loaded
// spec has; a narrowed record beside a complete run of its table (collect
// decides that one); else the fields in which it differs from the nearest
// planned cell.
import { canonicalJson } from "../core/canonical.ts";
import type { CellConfig, ResultRecord } from "../core/record.ts";
import type { Spec } from "../core/spec.ts";
import { backboneKey, type Plan } from "../plan/plan.ts";
import { seedlessTrainingKey } from "./narrowed.ts";

export type LeftOutReason = "dev-split" | "backbone" | "unplanned" | "shadowed" | "other";

/** Records left out for one reason, and the reason in words. */
export interface LeftOut {
  reason: LeftOutReason;
  text: string;
  count: number;
}

/** A spec profile's own plan (no narrowing), as collect makes it. */
export interface ProfilePlan {
  spec: Spec;
  profile: string;
  plan: Plan;
}

/** The fields of a config that tell trainings apart (not the seed, not what is evaluated), a first stage by its training. */
function fields(c: CellConfig): Record<string, string> {
  const { targets: _targets, seed: _seed, initFrom, ...rest } = c;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = canonicalJson(v);
  if (initFrom) out.initFrom = seedlessTrainingKey(initFrom.config);
  return out;
}

function diff(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

const bbKey = (c: CellConfig) => backboneKey({ backbone: c.backbone });

function reasonOf(r: ResultRecord, bases: ProfilePlan[]): Omit<LeftOut, "count"> {
  const c = r.config;
  if (c.evalSplit === "dev") return { reason: "dev-split", text: "evaluated on the dev split (--eval-split dev)" };
  const row = `method row ${c.method.id} (${c.method.method}) on ${c.dataset.name}`;
  const matching = bases.filter((b) =>
    b.spec.dataset === c.dataset.name &&
    b.spec.methods.some((m) => m.id === c.method.id && m.method === c.method.method)
  );
  if (!matching.length) {
    return {
      reason: "unplanned",
      text: `${row}: no loaded spec plans it (its spec may be in a specs folder that was not loaded)`,
    };
  }
  const specs = [...new Set(matching.map((b) => b.spec.id))];
  const used = new Set(
    specs.flatMap((id) =>
      Object.values(matching.find((b) => b.spec.id === id)!.spec.profiles).flatMap((p) => p.backbones.map(backboneKey))
    ),
  );
  if (!used.has(bbKey(c))) {
    return {
      reason: "backbone",
      text: `backbone ${c.backbone.id} (a --backbone run): no profile of ${specs.join(", ")} uses it`,
    };
  }
  // the nearest planned cell of the row: the fewest fields that differ
  const own = fields(c);
  let nearest: { where: ProfilePlan; differs: string[]; firstStage: boolean } | null = null;
  for (const b of matching) {
    const seen = new Set<string>();
    const cells = [
      ...b.plan.cells.map((x) => ({ x, firstStage: false })),
      ...b.plan.prerequisites.map((x) => ({ x, firstStage: true })),
    ];
    for (const { x, firstStage } of cells) {
      if (x.row.method !== c.method.id) continue;
      const key = seedlessTrainingKey(x.config);
      if (seen.has(key)) continue;
      seen.add(key);
      const differs = diff(own, fields(x.config));
      if (!nearest || differs.length < nearest.differs.length) nearest = { where: b, differs, firstStage };
    }
  }
  if (!nearest) return { reason: "other", text: `${row}: no profile of ${specs.join(", ")} plans this row` };
  const table = `${nearest.where.spec.id} (${nearest.where.profile})`;
  if (!nearest.differs.length) {
    return {
      reason: "other",
      text: nearest.firstStage
        ? `first stage of ${table} with no second-stage record in this folder`
        : `${row}: the training of a cell of ${table}, which no plan of that table places`,
    };
  }
  return {
    reason: "other",
    text: `${row}: no planned cell has its configuration (the nearest, of ${table}, differs in ${
      nearest.differs.join(", ")
    })`,
  };
}

/** The left-out records grouped by reason, most first; `shadowed` (cell id -> reason) is what collect found. */
export function leftOutReasons(
  records: ResultRecord[],
  bases: ProfilePlan[],
  shadowed: Map<string, string>,
): LeftOut[] {
  const byText = new Map<string, LeftOut>();
  const memo = new Map<string, Omit<LeftOut, "count">>();
  for (const r of records) {
    const s = shadowed.get(r.cellId);
    let why: Omit<LeftOut, "count">;
    if (s !== undefined && r.config.evalSplit !== "dev") why = { reason: "shadowed", text: s };
    else {
      const key = seedlessTrainingKey(r.config);
      why = memo.get(key) ?? memo.set(key, reasonOf(r, bases)).get(key)!;
    }
    const e = byText.get(why.text) ?? byText.set(why.text, { ...why, count: 0 }).get(why.text)!;
    e.count++;
  }
  return [...byText.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}

/** One line: "3 evaluated on the dev split (--eval-split dev); 2 backbone …". */
export function leftOutText(left: LeftOut[]): string {
  return left.map((l) => `${l.count} ${l.text}`).join("; ");
}
