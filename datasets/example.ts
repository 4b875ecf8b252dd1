// One labelled example, whatever the dataset: a text (or a text pair) and its
// class index in the dataset's label order.
export interface Example {
  id: string;
  label: number;
  text: string;
  /** The second text of a text-pair task (e.g. the hypothesis of NLI). */
  text2?: string;
}

export type Split = "train" | "dev" | "test";

/** Gold examples per class (class index order). */
export function classCounts(examples: readonly Example[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const e of examples) counts[e.label]++;
  return counts;
}
