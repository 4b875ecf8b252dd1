// NumPy .npy arrays and .npz archives (a zip of .npy files), for the URIEL
// feature matrices lang2vec ships. Only the little-endian dtypes those files
// and their kin use are read; anything else fails naming the file and entry.
// The zip side is fflate (zip.ts). The .npy side stays by hand: npyjs 1.2.0,
// the npm reader, decodes '<U' arrays with one String.fromCodePoint(...all)
// call, which overflows V8's stack (Node, Deno) on family_features.npz's
// 3718 × U50 feature names, and it splits strings by UTF-16 unit (an astral
// character shifts the rest), leaves Fortran order unreordered and gives |b1
// as boolean[]. Its header regexes are the same three as parseHeader's.
import { ZipArchive } from "./zip.ts";

export type NpyArray =
  | { dtype: "<f4"; shape: number[]; data: Float32Array }
  | { dtype: "<f8"; shape: number[]; data: Float64Array }
  | { dtype: "<i8"; shape: number[]; data: BigInt64Array }
  | { dtype: "|b1"; shape: number[]; data: Uint8Array }
  | { dtype: "|u1"; shape: number[]; data: Uint8Array }
  | { dtype: "<U"; shape: number[]; data: string[] };

export class NpyError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(text: string, where: string): Header {
  const descr = /'descr':\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) {
    throw new NpyError(`${where}: unreadable .npy header ${JSON.stringify(text.trim())}`);
  }
  const dims = shape.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyError(`${where}: bad shape (${shape})`);
  return { descr, fortranOrder: fortran === "True", shape: dims };
}

/** Fortran (column-major) data is C data of the reversed shape: reverse the axes back. */
function toCOrder<T>(src: ArrayLike<T>, shape: number[], make: (n: number) => { [i: number]: T }): { [i: number]: T } {
  const n = src.length;
  const out = make(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  // Walk the output in C order; the Fortran offset of an index has the first axis fastest.
  const fStride = new Array<number>(rank);
  for (let k = 0, s = 1; k < rank; k++) {
    fStride[k] = s;
    s *= shape[k];
  }
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let k = 0; k < rank; k++) off += idx[k] * fStride[k];
    out[i] = src[off];
    for (let k = rank - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Parse one .npy file; `where` names it in errors (e.g. `features.npz:data.npy`). Data comes back in C order. */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError(`${where}: not a .npy file`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    headerLen = view.getUint32(8, true);
    start = 12;
  } else throw new NpyError(`${where}: .npy format version ${major} is not supported`);
  const headerBytes = bytes.subarray(start, start + headerLen);
  // v1/v2 headers are latin-1, v3 utf-8; the keys and dtypes we read are ASCII either way.
  const header = parseHeader(new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(headerBytes), where);
  const count = header.shape.reduce((a, b) => a * b, 1);
  // Typed views need aligned offsets: numpy pads headers to 64 bytes, so a copy is rarely needed.
  const at = start + headerLen;
  const body = (bytes.byteOffset + at) % 8 === 0 ? bytes.subarray(at) : bytes.slice(at);
  const need = (size: number) => {
    if (body.length < count * size) {
      throw new NpyError(
        `${where}: ${body.length} data bytes, shape (${header.shape}) of ${header.descr} needs ${count * size}`,
      );
    }
  };
  const shape = header.shape;
  const order = <T>(a: ArrayLike<T>, make: (n: number) => { [i: number]: T }) =>
    header.fortranOrder && shape.length > 1 ? toCOrder(a, shape, make) : a;
  const d = header.descr;
  if (d === "<f4") {
    need(4);
    const a = new Float32Array(body.buffer, body.byteOffset, count);
    return { dtype: d, shape, data: order(a, (n) => new Float32Array(n)) as Float32Array };
  }
  if (d === "<f8") {
    need(8);
    const a = new Float64Array(body.buffer, body.byteOffset, count);
    return { dtype: d, shape, data: order(a, (n) => new Float64Array(n)) as Float64Array };
  }
  if (d === "<i8") {
    need(8);
    const a = new BigInt64Array(body.buffer, body.byteOffset, count);
    return { dtype: d, shape, data: order(a, (n) => new BigInt64Array(n)) as BigInt64Array };
  }
  if (d === "|b1" || d === "|u1") {
    need(1);
    const a = new Uint8Array(body.buffer, body.byteOffset, count);
    return { dtype: d, shape, data: order(a, (n) => new Uint8Array(n)) as Uint8Array };
  }
  const unicode = /^<U(\d+)$/.exec(d);
  if (unicode) {
    // Fixed-width UTF-32LE code points, NUL-padded.
    const width = Number(unicode[1]);
    need(4 * width);
    const words = new Uint32Array(body.buffer, body.byteOffset, count * width);
    const strings: string[] = [];
    for (let i = 0; i < count; i++) {
      let s = "";
      for (let j = 0; j < width; j++) {
        const cp = words[i * width + j];
        if (cp === 0) break;
        s += String.fromCodePoint(cp);
      }
      strings.push(s);
    }
    return { dtype: "<U", shape, data: order(strings, (n) => new Array<string>(n)) as string[] };
  }
  throw new NpyError(`${where}: dtype ${d} is not supported (only <f4 <f8 <i8 |b1 |u1 <U)`);
}

/** Every array of an .npz archive, keyed by name without `.npy`. */
export function readNpz(bytes: Uint8Array, source: string): Map<string, NpyArray> {
  const zip = new ZipArchive(bytes, source);
  const out = new Map<string, NpyArray>();
  for (const name of zip.names()) {
    if (!name.endsWith(".npy")) throw new NpyError(`${source}: entry "${name}" is not a .npy file`);
    out.set(name.slice(0, -4), parseNpy(zip.read(name), `${source}:${name}`));
  }
  return out;
}

/** One array of an .npz, checked to have the dtype the caller needs. */
export function npzArray<D extends NpyArray["dtype"]>(
  npz: Map<string, NpyArray>,
  name: string,
  dtype: D,
  source: string,
): Extract<NpyArray, { dtype: D }> {
  const a = npz.get(name);
  if (!a) throw new NpyError(`${source}: no array "${name}" (has: ${[...npz.keys()].join(", ")})`);
  if (a.dtype !== dtype) throw new NpyError(`${source}: array "${name}" is ${a.dtype}, expected ${dtype}`);
  return a as Extract<NpyArray, { dtype: D }>;
}
