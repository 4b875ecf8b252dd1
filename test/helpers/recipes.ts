// The docs' recipes (CONTRIBUTING.md, docs/plugins.md) as a test applies them:
// the code blocks read from the page by the line that introduces each (`File
// \`path\`:`, `Add to \`path\`:`, `In \`path\`, replace:`, `Row of a spec's
// \`methods\`:`, `Commands:`), and a copy of the tree (the files git knows,
// node_modules linked) with its own git repository, to apply a recipe to and to
// show what it changed.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { tempDir } from "./mirror.ts";

export type BlockKind = "file" | "add" | "replace" | "row" | "commands";

export interface DocBlock {
  kind: BlockKind;
  /** The file the block is for (absent for a spec row). */
  path?: string;
  /** For an addition inside a declaration (`Add to \`NAME\` in \`path\`:`): its name. */
  inside?: string;
  lang: string;
  code: string;
  /** 1-based line of the introducing line, for messages. */
  line: number;
}

const MARKERS: [BlockKind, RegExp][] = [
  ["file", /File `([^`]+)`:$/],
  ["add", /Add to `([^`]+)`(?: in `([^`]+)`)?:$/],
  ["replace", /In `([^`]+)`, replace:$/],
  ["row", /Row of a spec's `methods`:$/],
  ["commands", /^\s*Commands:$/],
];

/** Every marked code block of a Markdown page, dedented to the fence's indentation. */
export function docBlocks(path = join(PROJECT_ROOT, "CONTRIBUTING.md")): DocBlock[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const out: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trimEnd();
    for (const [kind, re] of MARKERS) {
      const m = re.exec(text);
      if (!m) continue;
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === "") j++;
      const open = /^(\s*)```(\w+)\s*$/.exec(lines[j] ?? "");
      if (!open) throw new Error(`${path}:${i + 1}: "${text.trim()}" is not followed by a fenced code block`);
      const indent = open[1];
      const body: string[] = [];
      for (j++; j < lines.length && lines[j].trimEnd() !== `${indent}\`\`\``; j++) {
        if (lines[j].trim() !== "" && !lines[j].startsWith(indent)) {
          throw new Error(`${path}:${j + 1}: a line of the block is indented less than its fence`);
        }
        body.push(lines[j].slice(indent.length));
      }
      if (j === lines.length) throw new Error(`${path}:${i + 1}: the code block is not closed`);
      const code = body.join("\n") + "\n";
      if (kind === "add" && m[2]) out.push({ kind, inside: m[1], path: m[2], lang: open[2], code, line: i + 1 });
      else {
        out.push({
          kind,
          path: kind === "row" || kind === "commands" ? undefined : m[1],
          lang: open[2],
          code,
          line: i + 1,
        });
      }
    }
  }
  return out;
}

/** A recipe's blocks: those between its heading `### <title>` and the next heading of that level. */
export function recipeBlocks(title: string, path = join(PROJECT_ROOT, "CONTRIBUTING.md")): DocBlock[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `### ${title}`);
  if (start < 0) throw new Error(`${path}: no recipe "### ${title}"`);
  const next = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  const end = next < 0 ? lines.length : next;
  return docBlocks(path).filter((b) => b.line > start && b.line <= end);
}

/** A command's exit code and output (stdout then stderr). */
export interface Ran {
  code: number | null;
  out: string;
}

export function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = process.env,
  timeoutMs = 300_000,
): Ran {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}` };
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "recipes",
  GIT_AUTHOR_EMAIL: "recipes@test",
  GIT_COMMITTER_NAME: "recipes",
  GIT_COMMITTER_EMAIL: "recipes@test",
};

/** A copy of the tree in a temporary folder, committed in a git repository of its own, to apply a recipe to. */
export class TreeCopy {
  readonly root: string;

  constructor(prefix = "xlt-recipe-") {
    this.root = tempDir(prefix);
    // the files git knows (tracked, and new ones not ignored), as they are in the working tree
    const listed = sh("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], PROJECT_ROOT);
    if (listed.code !== 0) throw new Error(`git ls-files in ${PROJECT_ROOT}: ${listed.out}`);
    for (const f of new Set(listed.out.split("\0").filter(Boolean))) {
      const from = join(PROJECT_ROOT, f);
      if (f === "node_modules" || !existsSync(from) || !statSync(from).isFile()) continue;
      mkdirSync(dirname(join(this.root, f)), { recursive: true });
      copyFileSync(from, join(this.root, f));
    }
    symlinkSync(realpathSync(join(PROJECT_ROOT, "node_modules")), join(this.root, "node_modules"));
    const git = (args: string[]) => {
      const r = this.git(args);
      if (r.code !== 0) throw new Error(`git ${args.join(" ")} in ${this.root}: ${r.out}`);
    };
    git(["init", "-q"]);
    // .gitignore's "node_modules/" does not match a link
    writeFileSync(join(this.root, ".git", "info", "exclude"), "/node_modules\n");
    git(["add", "-A"]);
    git(["commit", "-q", "--no-verify", "-m", "the tree before the recipe"]);
  }

  git(args: string[]): Ran {
    return sh("git", args, this.root, { ...process.env, ...GIT_ENV });
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), "utf8");
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), text);
  }

  /** Apply one block of the page as it says: a whole new file, lines added, declarations replaced. */
  apply(b: DocBlock): void {
    if (!b.path) throw new Error(`CONTRIBUTING.md:${b.line}: a ${b.kind} block names no file`);
    const where = `CONTRIBUTING.md:${b.line} (${b.path})`;
    if (b.kind === "file") {
      if (existsSync(this.path(b.path))) throw new Error(`${where}: the recipe creates a file that already exists`);
      this.write(b.path, b.code);
    } else if (b.kind === "add" && !b.inside) {
      const old = this.read(b.path);
      this.write(b.path, (old.endsWith("\n") || old === "" ? old : `${old}\n`) + b.code);
    } else if (b.kind === "add") {
      // before the closing "};" of the declaration `inside`
      const lines = this.read(b.path).split("\n");
      const decl = lines.findIndex((l) => new RegExp(`^export (const|let) ${b.inside}\\b`).test(l));
      if (decl < 0) throw new Error(`${where}: no declaration ${b.inside}`);
      const close = lines.findIndex((l, i) => i > decl && l === "};");
      if (close < 0) throw new Error(`${where}: ${b.inside} has no closing "};" line`);
      lines.splice(close, 0, ...b.code.trimEnd().split("\n"));
      this.write(b.path, lines.join("\n"));
    } else if (b.kind === "replace") {
      // each line of the block replaces the one line of the file that begins as it does, up to its first "=" or ","
      const lines = this.read(b.path).split("\n");
      for (const repl of b.code.trimEnd().split("\n")) {
        const cut = repl.search(/[=,]/);
        const key = cut < 0 ? "" : repl.slice(0, cut);
        if (key.trim() === "") {
          throw new Error(`${where}: "${repl}" has no "=" or "," after its start, so it names no line to replace`);
        }
        const at = lines.flatMap((l, i) => (l.startsWith(key) ? [i] : []));
        if (at.length !== 1) {
          throw new Error(`${where}: ${at.length} lines of the file begin with "${key}", expected one`);
        }
        lines[at[0]] = repl;
      }
      this.write(b.path, lines.join("\n"));
    } else throw new Error(`${where}: a ${b.kind} block is not applied to a file`);
  }

  /** What changed since the copy was made: new files, and lines added and removed per changed file. */
  changes(): { added: string[]; modified: Record<string, { added: number; removed: number }> } {
    const status = this.git(["status", "--porcelain", "--untracked-files=all"]);
    const added = status.out.split("\n").filter((l) => l.startsWith("?? ")).map((l) => l.slice(3)).sort();
    const modified: Record<string, { added: number; removed: number }> = {};
    for (const l of this.git(["diff", "--numstat"]).out.split("\n").filter(Boolean)) {
      const [a, r, path] = l.split("\t");
      modified[path] = { added: Number(a), removed: Number(r) };
    }
    return { added, modified };
  }

  /** Remove the copy (test/helpers/cleanup.ts would, after every test; a copy is large enough to remove as soon as its recipe is done). */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** `bun <args>` in the copy (its cli/main.ts, its scripts, its package.json scripts). */
  bun(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 300_000): Ran {
    return sh(process.execPath, args, this.root, { ...process.env, ...env }, timeoutMs);
  }
}
