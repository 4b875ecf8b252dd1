// Our own run of a profile stored as its golden file: the regression reference
// (`bench record-golden`, exact band) that later runs are checked against.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { goldenExclusion, type Plan } from "../plan/plan.ts";
import { provenance } from "../run/provenance.ts";
import type { Analysis } from "./analyze.ts";
import { goldenPath, rowIdentity } from "./golden.ts";
import { type GoldenFile } from "../core/golden.ts";

/** Record the current results of a (smoke) profile as its golden file. */
export function recordGolden(plan: Plan, analysis: Analysis, backend: string): string {
  if (plan.profileName === "paper") {
    throw new Error("paper goldens come from the papers; record-golden writes only our own profiles (e.g. smoke)");
  }
  const excluded = goldenExclusion(plan);
  if (excluded) throw new Error(`record-golden: ${excluded}`);
  if (plan.narrowed.length) {
    throw new Error(
      `record-golden: ${
        plan.narrowed.join(", ")
      } ran part of the ${plan.profileName} profile; its golden records the whole profile (run without them)`,
    );
  }
  if (analysis.cells.length !== plan.cells.length) {
    throw new Error(
      `${plan.spec.id} --profile ${plan.profileName}: ${
        plan.cells.length - analysis.cells.length
      } cells have no record yet; run them first`,
    );
  }
  const path = goldenPath(plan.spec.golden, plan.profileName, plan.spec.id)!;
  const prov = provenance(backend);
  const g: GoldenFile = {
    spec: plan.spec.id,
    profile: plan.profileName,
    source: `our own ${plan.profileName} run (bench record-golden), the regression reference for changes to methods/`,
    metric: "accuracy (percent)",
    policy: { type: "exact", tolerance: 1e-9 },
    backend,
    recordedFrom: { gitCommit: prov.gitCommit, cells: analysis.cells, recordedAt: new Date().toISOString() },
    cells: analysis.correlations
      ? analysis.correlations.map((r) => ({
        backbone: r.backbone,
        method: r.goldenMethod,
        kind: "correlation" as const,
        key: r.key,
        measure: "pearson-r",
        mean: r.r,
        n: r.points.length,
        members: r.points.map((x) => x.language),
        ...(r.r === null ? { note: "too few languages with data" } : {}),
      }))
      : analysis.rows.map((r) => ({
        ...rowIdentity(r),
        kind: r.kind,
        mean: r.mean,
        std: r.std,
        n: r.n,
        members: r.members,
      })),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(g, null, 1) + "\n");
  return path;
}
