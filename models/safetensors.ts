// safetensors (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length, a JSON header of name -> {dtype, shape,
// data_offsets}, then the raw little-endian tensor bytes.
import { closeSync, openSync, readSync } from "node:fs";
export type DType = "F32" | "F16" | "BF16";
export interface RawTensor {
  dtype: DType;
  shape: number[];
  /** Values widened to float32. */
  data: Float32Array;
}

const BYTES: Record<DType, number> = { F32: 4, F16: 2, BF16: 2 };

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function decode(dtype: DType, bytes: Uint8Array): Float32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / BYTES[dtype];
  const out = new Float32Array(n);
  if (dtype === "F32") { for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true); }
  else if (dtype === "F16") { for (let i = 0; i < n; i++) out[i] = f16ToF32(dv.getUint16(i * 2, true)); }
  else {
    // bfloat16 is the top half of a float32
    const u = new Uint32Array(n);
    for (let i = 0; i < n; i++) u[i] = dv.getUint16(i * 2, true) << 16;
    out.set(new Float32Array(u.buffer));
  }
  return out;
}

export interface SafetensorsFile {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

/** A tensor's entry in the JSON header (the key __metadata__ holds string pairs instead). */
interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function readSafetensors(bytes: Uint8Array, source = "safetensors"): SafetensorsFile {
  if (bytes.byteLength < 8) throw new Error(`${source}: too short to be safetensors`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  if (8 + n > bytes.byteLength) throw new Error(`${source}: header length ${n} exceeds file size ${bytes.byteLength}`);
  let header: Record<string, HeaderEntry>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`${source}: header is not JSON (${(e as Error).message})`);
  }
  const base = 8 + n;
  const tensors = new Map<string, RawTensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const dtype = info.dtype as DType;
    if (!(dtype in BYTES)) {
      throw new Error(`${source}: tensor "${name}" has dtype ${info.dtype}; supported: F32, F16, BF16`);
    }
    const [b, e] = info.data_offsets as [number, number];
    const count = (info.shape as number[]).reduce((a, x) => a * x, 1);
    if (e - b !== count * BYTES[dtype]) {
      throw new Error(`${source}: tensor "${name}" offsets [${b}, ${e}] do not fit shape [${info.shape}] ${dtype}`);
    }
    if (base + e > bytes.byteLength) {
      throw new Error(
        `${source}: tensor "${name}" ends at byte ${
          base + e
        }, past the file's ${bytes.byteLength} bytes: the file is truncated (fetch or write it again)`,
      );
    }
    // copy so the slice is aligned for the typed-array view
    tensors.set(name, { dtype, shape: info.shape, data: decode(dtype, bytes.slice(base + b, base + e)) });
  }
  return { tensors, metadata: (header.__metadata__ as unknown as Record<string, string> | undefined) ?? {} };
}

/** float32 -> IEEE half, round to nearest even (overflow to infinity, tiny values to subnormals or zero). */
export function f32ToF16(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  let mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && r & 1)) r++;
    return sign | r;
  }
  let r = mant >> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && r & 1)) {
    r++;
    if (r === 0x400) {
      r = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | r;
}

/** Serialize tensors (stored as float32 or float16), names sorted (as the reference library does). */
export function writeSafetensors(
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  metadata: Record<string, string> = {},
  dtype: "F32" | "F16" = "F32",
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  const width = BYTES[dtype];
  let off = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const size = t.data.length * width;
    header[name] = { dtype, shape: t.shape, data_offsets: [off, off + size] };
    off += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8; // keep data 8-byte aligned, padded with spaces
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(pad));
  const out = new Uint8Array(8 + json.length + off);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    const view = new DataView(out.buffer, p, d.length * width);
    if (dtype === "F32") { for (let i = 0; i < d.length; i++) view.setFloat32(i * 4, d[i], true); }
    else for (let i = 0; i < d.length; i++) view.setUint16(i * 2, f32ToF16(d[i]), true);
    p += d.length * width;
  }
  return out;
}

/** Every tensor's shape in a safetensors file, from its header alone (the weights are not read). */
export function safetensorsShapes(path: string): Map<string, number[]> {
  const fd = openSync(path, "r");
  try {
    const len = Buffer.alloc(8);
    readSync(fd, len, 0, 8, 0);
    const n = Number(len.readBigUInt64LE(0));
    const header = Buffer.alloc(n);
    readSync(fd, header, 0, n, 8);
    const entries = Object.entries(JSON.parse(header.toString("utf8")) as Record<string, { shape?: number[] }>);
    return new Map(entries.filter(([k]) => k !== "__metadata__").map(([k, t]) => [k, t.shape ?? []]));
  } finally {
    closeSync(fd);
  }
}

/** Elements of every tensor in a safetensors file, from its header alone. */
export function safetensorsElementCount(path: string): number {
  return [...safetensorsShapes(path).values()].reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
