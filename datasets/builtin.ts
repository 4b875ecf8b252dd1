// The built-in datasets: one line each (see CONTRIBUTING.md, "Add a dataset").
export { marc } from "./marc.ts";
export { sib200 } from "./sib200.ts";
export { xnli } from "./xnli.ts";
