// Zip archives (.npz, .xlsx) through fflate, which reads the central
// directory (zip64 included) and inflates entries. This wrapper only lists
// entries up front, inflates one on demand, and names the archive and entry
// in every error, which fflate's own messages ("invalid zip data") do not.
import { type UnzipFileInfo, unzipSync } from "fflate";

export class ZipError extends Error {}

export class ZipArchive {
  /** Each entry's directory record: name, sizes and compression method. */
  readonly entries = new Map<string, UnzipFileInfo>();

  /** `source` names the archive in errors (a path or pinned file). */
  constructor(private readonly bytes: Uint8Array, readonly source: string) {
    try {
      // A filter that keeps nothing walks the directory without inflating anything.
      unzipSync(bytes, { filter: (e) => (this.entries.set(e.name, e), false) });
    } catch (e) {
      throw new ZipError(`${source}: not a zip archive, or a corrupt one (${(e as Error).message})`);
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The uncompressed bytes of one entry. */
  read(name: string): Uint8Array {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`${this.source}: no entry "${name}" (has: ${this.names().join(", ")})`);
    if (e.compression !== 0 && e.compression !== 8) {
      throw new ZipError(
        `${this.source}: entry "${name}": compression method ${e.compression} is not supported (only stored and deflate)`,
      );
    }
    let out: Uint8Array | undefined;
    try {
      out = unzipSync(this.bytes, { filter: (f) => f.name === name })[name];
    } catch (err) {
      throw new ZipError(`${this.source}: entry "${name}": ${(err as Error).message}`);
    }
    // fflate checks no CRC; a length that disagrees with the directory at least catches truncation.
    if (out?.length !== e.originalSize) {
      throw new ZipError(
        `${this.source}: entry "${name}": ${out?.length ?? 0} bytes, the directory says ${e.originalSize}`,
      );
    }
    return out;
  }

  text(name: string): string {
    return new TextDecoder().decode(this.read(name));
  }
}
