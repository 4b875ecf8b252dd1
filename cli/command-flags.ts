// The flags of the commands besides a run's (cli/run-flags.ts), as data: the
// registry (cli/commands/index.ts) checks a command line against them before
// the command loads anything, and names the commands a misplaced flag belongs
// to; each command parses its line with its own.
import { type Flags, HELP_FLAG } from "./flags.ts";
import { SELECT_FLAGS } from "./run-flags.ts";

const JSON_FLAG = { json: { type: "boolean", help: "machine-readable output" } } as const satisfies Flags;

export const LIST_FLAGS = {
  methods: { type: "boolean", help: "list the methods (built-in and plug-in) instead of the specs" },
  ...JSON_FLAG,
  ...HELP_FLAG,
} as const satisfies Flags;

export const CHECK_FLAGS = { ...SELECT_FLAGS, ...JSON_FLAG } as const satisfies Flags;

export const VARIANCE_FLAGS = {
  ...SELECT_FLAGS,
  languages: { type: "boolean", help: "per target language too (else per target group)" },
  ...JSON_FLAG,
} as const satisfies Flags;

export const MODEL_FLAGS = {
  revision: { type: "string", arg: "R", help: "the Hub revision (default: main)" },
  ids: { type: "string", arg: "0,5,6,2", help: "token ids to run (in order; an id may repeat)" },
  text: { type: "string", arg: '"..."', help: "a text to tokenize and run (instead of --ids)" },
  top: { type: "string", arg: "K", help: "logits per position (default 5)" },
  ...JSON_FLAG,
  ...HELP_FLAG,
} as const satisfies Flags;

export const SPT_TABLE1_FLAGS = {
  "from-golden": {
    type: "boolean",
    help: "from the accuracies published in SPT Table 4 (without it: the spec, from our own runs)",
  },
  ...JSON_FLAG,
  ...HELP_FLAG,
} as const satisfies Flags;

export const COMPARE_FLAGS = {
  margin: { type: "string" },
  equivalence: { type: "string" },
  alpha: { type: "string" },
  html: { type: "string" },
  ...JSON_FLAG,
  "label-a": { type: "string" },
  "label-b": { type: "string" },
  ...HELP_FLAG,
} as const satisfies Flags;

export const LEADERBOARD_FLAGS = {
  results: { type: "string", multiple: true },
  label: { type: "string", multiple: true },
  out: { type: "string" },
  ...HELP_FLAG,
} as const satisfies Flags;

export const BACKENDS_FLAGS = { ...JSON_FLAG, ...HELP_FLAG } as const satisfies Flags;

export const DISTANCES_FLAGS = {
  ...JSON_FLAG,
  pairwise: { type: "boolean" },
  to: { type: "string" },
  ...HELP_FLAG,
} as const satisfies Flags;
