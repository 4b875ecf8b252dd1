// The rows of an analysis: accuracy over seeds per method row, language or
// group (an Aggregate), the seed values behind it, and the no-learning baselines.
export interface Aggregate {
  backbone: string;
  /** The spec's method row (entry id) and its label. */
  method: string;
  methodLabel: string;
  /** How the golden file names the row (the method, and a setting for ablation rows). */
  goldenMethod: string;
  setting?: string;
  /** k per class, when the spec has a k axis. */
  k?: number;
  /** The swept parameter's value, when the spec sweeps one. */
  x?: number;
  kind: "language" | "group";
  key: string;
  mean: number;
  std: number;
  n: number;
  /** A group's languages in this run. */
  members?: string[];
}

/** What learning nothing scores on the same test sets (percent): always the most frequent class, or a uniform guess. */
export interface Baseline {
  backbone: string;
  kind: Aggregate["kind"];
  key: string;
  majority: number;
  chance: number;
}

/** One accuracy of one method row, in one language or group, for one seed: what the aggregates and the run comparisons are made of. */
export interface SeedRow {
  backbone: string;
  method: string;
  methodLabel: string;
  goldenMethod: string;
  /** "" when absent: arquero groups on plain values. */
  setting: string;
  k: number | null;
  x: number | null;
  /** The draw seed. */
  seed: number;
  /** The initialisation seed, only where it differs from the draw seed (a crossed design's off-diagonal cell). */
  initSeed?: number;
  key: string;
  acc: number;
  /** The records behind it (one cell; full supervision: one per target language). */
  cells: string[];
}
