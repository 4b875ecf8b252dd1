// A minimal reader for zip archives (.npz, .xlsx): the central directory, then
// each entry's bytes, stored or deflated. No zip64, encryption or multi-disk
// archives: those fail with an error naming the archive and the entry.
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local file header. */
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipError extends Error {}

export class ZipArchive {
  readonly entries: Map<string, ZipEntry>;
  private readonly view: DataView;

  /** `source` names the archive in errors (a path or pinned file). */
  constructor(private readonly bytes: Uint8Array, readonly source: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = this.readCentralDirectory();
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The uncompressed bytes of one entry. */
  read(name: string): Uint8Array {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`${this.source}: no entry "${name}" (has: ${this.names().join(", ")})`);
    const at = e.localOffset;
    if (this.u32(at) !== LOCAL) throw new ZipError(`${this.source}: entry "${name}": bad local header`);
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    let out: Uint8Array;
    if (e.method === 0) out = raw;
    else if (e.method === 8) out = new Uint8Array(inflateRawSync(raw));
    else throw new ZipError(`${this.source}: entry "${name}": compression method ${e.method} is not supported (only stored and deflate)`);
    if (out.length !== e.size) throw new ZipError(`${this.source}: entry "${name}": ${out.length} bytes, the directory says ${e.size}`);
    return out;
  }

  text(name: string): string {
    return new TextDecoder().decode(this.read(name));
  }

  private u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  private readCentralDirectory(): Map<string, ZipEntry> {
    // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
    let eocd = -1;
    for (let i = this.bytes.length - 22; i >= Math.max(0, this.bytes.length - 22 - 0xffff); i--) {
      if (this.u32(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError(`${this.source}: not a zip archive (no end-of-central-directory record)`);
    const count = this.u16(eocd + 10);
    let at = this.u32(eocd + 16);
    if (count === 0xffff || at === 0xffffffff) throw new ZipError(`${this.source}: zip64 archives are not supported`);
    const entries = new Map<string, ZipEntry>();
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (this.u32(at) !== CENTRAL) throw new ZipError(`${this.source}: bad central directory entry ${i}`);
      const nameLen = this.u16(at + 28);
      const name = decoder.decode(this.bytes.subarray(at + 46, at + 46 + nameLen));
      const entry: ZipEntry = {
        name,
        method: this.u16(at + 10),
        compressedSize: this.u32(at + 20),
        size: this.u32(at + 24),
        localOffset: this.u32(at + 42),
      };
      if (this.u16(at + 8) & 1) throw new ZipError(`${this.source}: entry "${name}" is encrypted`);
      if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) {
        throw new ZipError(`${this.source}: entry "${name}" needs zip64, which is not supported`);
      }
      entries.set(name, entry);
      at += 46 + nameLen + this.u16(at + 30) + this.u16(at + 32);
    }
    return entries;
  }
}
