// The built-in methods: one line each (a method is one file; see CONTRIBUTING.md, "Add a method").
export { englishPrompt, translationPrompt } from "./discrete-prompt.ts";
export { dual } from "./dual.ts";
export { finetune } from "./finetune.ts";
export { pct } from "./pct.ts";
export { mpt, sp } from "./prompt-translator.ts";
export { softPrompt } from "./soft-template.ts";
export { spt } from "./spt.ts";
export { uniprompt } from "./uniprompt.ts";
export { xpe } from "./xpe.ts";
export { bitfit } from "./bitfit.ts";
export { adapter } from "./adapter.ts";
export { lora } from "./lora.ts";
export { ia3 } from "./ia3.ts";
export { prefixTuning } from "./prefix-tuning.ts";
