// The flags of a run (and of check, report and record-golden, which select
// specs the same way), as data: help lists them without loading what runs them.
import type { Flags } from "./flags.ts";

export const SELECT_FLAGS = {
  profile: { type: "string", arg: "NAME", help: "paper | smoke (default: smoke)" },
  seeds: {
    type: "string",
    arg: "1,2",
    help: "override the profile's seeds (of a profile with seeds {draw, init}: its draw seeds)",
  },
  "init-seeds": {
    type: "string",
    arg: "1,2",
    help:
      "override the initialisation seeds of a profile with seeds {draw, init}; on a profile\nwith a seed list, cross its seeds (or --seeds') with these, one cell per pair",
  },
  langs: {
    type: "string",
    arg: "a,b",
    help: "restrict the target languages (the dataset's codes: eng_Latn for SIB-200, de for MARC)",
  },
  k: {
    type: "string",
    arg: "4,16",
    help:
      "restrict the k values of a spec with a k axis (e.g. UniPrompt Table 2); over several\nspecs, those that run none of these k are left out",
  },
  methods: {
    type: "string",
    arg: "a,b",
    help:
      "run these method rows (row ids, e.g. xpe,mean-probe) instead of the profile's; over several\nspecs, those with none of these rows are left out",
  },
  "eval-split": {
    type: "string",
    arg: "S",
    help:
      "test (default) | dev: evaluate the targets on SIB-200 dev, to choose a backbone\nor a setting without looking at test (no golden check; report under <profile>+dev)",
  },
  backbone: {
    type: "string",
    arg: "ID",
    help:
      "run the profile's backbone slot with another embedded backbone (e.g. a candidate\nin models/embedded/); no golden check; report under <profile>+<ID>",
  },
  results: {
    type: "string",
    arg: "DIR",
    help: "results folder (default: results/ in the project, or XLT_RESULTS_DIR)",
  },
  help: { type: "boolean", short: "h" },
} as const satisfies Flags;

export const SLURM_FLAGS = {
  slurm: {
    type: "boolean",
    help:
      "submit the cells without records as a Slurm job array (sbatch) instead of running them\nhere; run the same command again to submit what is still missing, or to report",
  },
  partition: { type: "string", arg: "P", help: "passed to sbatch" },
  gres: { type: "string", arg: "gpu:1", help: "passed to sbatch" },
  time: { type: "string", arg: "4:00:00", help: "passed to sbatch (in Slurm's formats)" },
  "array-parallel": { type: "string", arg: "N", help: "at most N tasks at once" },
  "cells-per-task": { type: "string", arg: "N", help: "cells per array task (default 1)" },
  "dry-run": { type: "boolean", help: "print the sbatch script(s), write and submit nothing" },
} as const satisfies Flags;

export const RUN_FLAGS = {
  ...SELECT_FLAGS,
  jobs: { type: "string", arg: "N", help: "cells run at once, each in its own worker process (default: one per core)" },
  ...SLURM_FLAGS,
} as const satisfies Flags;
