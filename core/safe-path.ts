// The last defence where a name from a spec or a record becomes a path: the
// checkers keep such names safe (core/check.ts), but a spec built in code, or a
// record edited by hand, never met them.
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** `parts` joined under `root`; an error when the result is not inside `root` (an absolute part, a `..` that climbs out). */
export function within(root: string, ...parts: string[]): string {
  const path = join(root, ...parts);
  const rel = relative(resolve(root), resolve(path));
  if (parts.some(isAbsolute) || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`${JSON.stringify(parts.join("/"))} leads outside ${root}`);
  }
  return path;
}
