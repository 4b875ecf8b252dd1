// The import rules of ARCHITECTURE.md: every room imports only the rooms before
// it in ROOMS, no room imports scripts/ or test/, and no file-level import
// circle anywhere (type-only imports count: they tie the files' meaning too).
// A short script of our own: dependency-cruiser and madge need the TypeScript
// compiler's JavaScript API, which TypeScript 7 (this project's) no longer has.
//   bun scripts/check-imports.ts [--json]     exit 1 on any violation
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The rooms, lowest first: each may import only those before it. */
export const ROOMS = ["core", "datasets", "models", "methods", "plan", "run", "analysis", "reports", "cli"] as const;
const TOP = ["scripts", "test"];

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));

export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs)$/.test(e.name)) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out.sort();
}

const STATIC =
  /^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|^[ \t]*import\s*["'](\.{1,2}\/[^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The project files a file imports: static imports and re-exports at the start of a line, and dynamic imports outside line comments. */
export function importsOf(file: string, text: string): string[] {
  const code = text.replace(/^\s*(?:\/\/|\*).*$/gm, "");
  const specs = [...code.matchAll(STATIC)].map((m) => m[1] ?? m[2]).concat(
    [...code.matchAll(DYNAMIC)].map((m) => m[1]),
  );
  return [...new Set(specs.map((s) => normalize(join(dirname(file), s))))];
}

const roomOf = (file: string) => file.split("/")[0];

/** Every violation: an import into a room above (or into scripts/test), and each import circle (a strongly connected set of files). */
export function violations(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  const rank = new Map<string, number>(ROOMS.map((r, i) => [r, i]));
  for (const [from, tos] of graph) {
    const a = rank.get(roomOf(from));
    if (a === undefined) continue;
    for (const to of tos) {
      const b = rank.get(roomOf(to));
      if (TOP.includes(roomOf(to))) out.push(`${from} imports ${to}: no room imports ${roomOf(to)}/`);
      else if (b !== undefined && b > a) {
        out.push(
          `${from} imports ${to}: ${roomOf(from)}/ may import only ${
            ROOMS.slice(0, a).join(", ") || "nothing of the project"
          }`,
        );
      }
    }
  }
  for (const scc of circles(graph)) {
    const loop = shortestLoop(graph, scc);
    const more = scc.length > loop.length ? ` (${scc.length} files tied in all)` : "";
    out.push(`import circle: ${[...loop, loop[0]].join(" -> ")}${more}`);
  }
  return out;
}

/** The shortest chain of imports from a circle's first file back to it, within the circle's files. */
function shortestLoop(graph: Map<string, string[]>, scc: string[]): string[] {
  const inside = new Set(scc);
  const from = new Map<string, string>();
  const queue = [scc[0]];
  for (let i = 0; i < queue.length; i++) {
    for (const w of graph.get(queue[i]) ?? []) {
      if (!inside.has(w)) continue;
      if (w === scc[0]) {
        const path = [queue[i]];
        while (path[0] !== scc[0]) path.unshift(from.get(path[0])!);
        return path;
      }
      if (!from.has(w)) {
        from.set(w, queue[i]);
        queue.push(w);
      }
    }
  }
  return scc; // unreachable: every file of a circle leads back to its first
}

/** Tarjan's strongly connected components of more than one file (or a file importing itself). */
export function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.reverse());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

export function projectGraph(root = ROOT): Map<string, string[]> {
  const files = sourceFiles(root, [...ROOMS, ...TOP]);
  return new Map(files.map((f) => [f, importsOf(f, readFileSync(join(root, f), "utf8"))]));
}

if (import.meta.main) {
  const graph = projectGraph();
  const bad = violations(graph);
  const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ files: graph.size, imports: edges, violations: bad }, null, 1));
  } else {
    for (const v of bad) console.error(v);
    console.log(
      `imports: ${graph.size} files, ${edges} imports, rooms ${ROOMS.join(" < ")}: ${
        bad.length ? `${bad.length} violation(s)` : "no upward import, no circle"
      } (${relative(process.cwd(), ROOT) || "."})`,
    );
  }
  process.exit(bad.length ? 1 : 0);
}
