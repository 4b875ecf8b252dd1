// `bun run bench list [--json]`: the specs (of XLT_SPECS_DIR, when set) with
// their paper, table, title and profiles.
import { loadSettings } from "../../core/settings.ts";
import { textTable } from "../../core/text-table.ts";
import { flagLines, HELP_FLAG, parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";
import { loadSpecs } from "../specs.ts";

const FLAGS = {
  json: { type: "boolean", help: "machine-readable output" },
  ...HELP_FLAG,
} as const;

export const help = `usage: bun run bench list [--json]

Lists the specs: id, paper, table, title, profiles.

${flagLines(FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const rows = loadSpecs(loadSettings(io.env)).map((s) => ({
    id: s.id,
    paper: s.paper,
    table: s.table,
    title: s.title,
    profiles: Object.keys(s.profiles),
  }));
  io.print(
    values.json ? JSON.stringify(rows, null, 2) : textTable(
      ["id", "paper", "table", "profiles", "title"],
      rows.map((r) => [r.id, r.paper, r.table, r.profiles.join(","), r.title]),
    ),
  );
  return 0;
}
