// Examples per class a spec asks of its dataset's splits (k, the dev shots,
// testPerClass) against what the splits hold, where the dataset knows it
// (classSizes): a draw that cannot be made is refused when the spec loads,
// naming the field, instead of stopping every cell when it starts.
import { SpecError } from "../core/check.ts";
import type { Spec } from "../core/spec.ts";
import type { DatasetDef } from "../datasets/define.ts";

/** Dev examples per class for training k under the spec's devShots (null: none drawn). */
function devPerClass(devShots: Spec["task"]["devShots"], k: number): number | null {
  if (typeof devShots === "number") return devShots;
  return devShots === "k" ? k : devShots === "k/4" ? k / 4 : null;
}

/** Why `n` per class cannot come from `split` of ds, or null. */
export function perClassProblem(
  ds: DatasetDef,
  split: "train" | "dev" | "test",
  n: number,
  what: string,
): string | null {
  const has = ds.classSizes?.[split];
  if (has === undefined || n <= has) return null;
  return `${what} needs ${n} examples of each class, but ${ds.name}'s ${split} split has ${has} of its smallest class`;
}

export function checkShotsFit(spec: Spec, ds: DatasetDef, source: string): void {
  const sizes = ds.classSizes;
  if (!sizes) return;
  const fit = (k: number, path: string) => {
    const dev = devPerClass(spec.task.devShots, k);
    if (sizes.trainFrom === "dev") {
      const both = k + (dev ?? 0);
      if (sizes.dev !== undefined && both > sizes.dev) {
        throw new SpecError(
          source,
          path,
          `k = ${k}${
            dev ? ` and ${dev} dev examples` : ""
          } per class are drawn, disjoint, from ${ds.name}'s dev split, which has ${sizes.dev} of its smallest class`,
        );
      }
      return;
    }
    const problem = perClassProblem(ds, "train", k, `k = ${k}`);
    if (problem) throw new SpecError(source, path, problem);
    const devProblem = dev === null
      ? null
      : perClassProblem(ds, "dev", dev, `devShots ${JSON.stringify(spec.task.devShots)} (k = ${k})`);
    if (devProblem) throw new SpecError(source, "task.devShots", devProblem);
  };
  const ks = (list: number | "all" | number[], path: string) => {
    if (Array.isArray(list)) list.forEach((k, i) => fit(k, `${path}[${i}]`));
    else if (list !== "all") fit(list, path);
  };
  ks(spec.task.trainShots, "task.trainShots");
  for (const [name, p] of Object.entries(spec.profiles)) {
    if (p.trainShots) ks(p.trainShots, `profiles.${name}.trainShots`);
    const problem = p.testPerClass && perClassProblem(ds, "test", p.testPerClass, `testPerClass ${p.testPerClass}`);
    if (problem) throw new SpecError(source, `profiles.${name}.testPerClass`, problem);
  }
}
