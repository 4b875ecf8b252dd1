// Vega-Lite -> Vega -> SVG, headless (no canvas needed).
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export async function toSvg(spec: TopLevelSpec): Promise<string> {
  return (await render(spec)).svg;
}

/** The SVG and the compiled Vega spec (for a live view of the same chart), from one compile. */
export async function render(spec: TopLevelSpec): Promise<{ svg: string; vega: vega.Spec }> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return { svg: await view.toSVG(), vega: compiled };
  } finally {
    view.finalize();
  }
}
