// `bun run bench list [--methods] [--json]`: the specs (shipped and the user's)
// with their paper, table, title and profiles, and what each extends; or the
// methods specs can name, built-in or from a plug-in (its file and sha256).
import { loadSettings } from "../../core/settings.ts";
import { textTable } from "../../core/text-table.ts";
import { methodIds, methodInfo, methodOrigin } from "../../methods/registry.ts";
import { LIST_FLAGS as FLAGS } from "../command-flags.ts";
import { flagLines, NONE, parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";
import { loadSpecs } from "../specs.ts";

export const help = `usage: bun run bench list [--methods] [--json]

Lists the specs: id, paper, table, profiles, title (and the spec an extending one extends);
with --methods, the methods: id, where it comes from (built-in, or a plug-in's file and
sha256), title.

${flagLines(FLAGS)}`;

function methods(io: IO, json: boolean): void {
  const rows = methodIds().map((id) => {
    const origin = methodOrigin(id);
    return { id, from: origin ? origin.file : "built-in", sha256: origin?.sha256 ?? null, title: methodInfo(id).title };
  });
  io.print(
    json ? JSON.stringify(rows, null, 2) : textTable(
      ["id", "from", "title"],
      rows.map((r) => [r.id, r.sha256 ? `${r.from} (sha256 ${r.sha256.slice(0, 12)})` : r.from, r.title]),
    ),
  );
}

export async function run(argv: string[], io: IO): Promise<number> {
  const { values } = parseFlags(argv, FLAGS, "list", NONE);
  if (values.help) {
    io.print(help);
    return 0;
  }
  if (values.methods) {
    methods(io, !!values.json);
    return 0;
  }
  const rows = loadSpecs(loadSettings(io.env)).map((s) => ({
    id: s.id,
    paper: s.paper,
    table: s.table,
    title: s.title,
    profiles: Object.keys(s.profiles),
    ...(s.extension ? { extends: s.extension.of } : {}),
  }));
  io.print(
    values.json ? JSON.stringify(rows, null, 2) : textTable(
      ["id", "paper", "table", "profiles", "title"],
      rows.map((
        r,
      ) => [r.id, r.paper, r.table, r.profiles.join(","), r.extends ? `${r.title} (extends ${r.extends})` : r.title]),
    ),
  );
  return 0;
}
