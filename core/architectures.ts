// The backbone architectures a spec may name (a Hub checkpoint's model_type).
// Listed once here, at the bottom, because specs (core) name them; models/
// implements each (models/architectures.ts, typed by this list, so a missing
// or extra implementation is a compile error).
export const ARCHITECTURES = ["xlm-roberta", "roberta", "xglm", "bloom"] as const;

export type Architecture = (typeof ARCHITECTURES)[number];

/** The encoders with an MLM head (XLM-R's architecture): what the methods that read a <mask> need. */
export const ENCODERS = ["xlm-roberta", "roberta"] as const satisfies readonly Architecture[];
