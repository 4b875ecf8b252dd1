// The URIEL tables the distances read, parsed from lang2vec's pinned files:
// observed typological features (features.npz), family membership
// (family_features.npz), language coordinates (geo.csv) and the ISO 639-3
// code table (for names and code checks).
import { type NpyArray, npzArray } from "../npy.ts";
import type { LatLon } from "./measures.ts";

export interface ObservedFeatures {
  /** URIEL code → row. */
  rows: Map<string, number>;
  /** Feature names (`S_…` syntax, `P_…` phonology, `INV_…` inventory). */
  names: string[];
  /**
   * rows × names, the union over URIEL's sources (WALS, SSWL, Ethnologue,
   * PHOIBLE…): the largest value any source gives, -1 where none has it.
   */
  union: Float32Array;
}

/** Union over sources of features.npz `data` (languages × features × sources). */
export function observedFeatures(npz: Map<string, NpyArray>, source: string): ObservedFeatures {
  const data = npzArray(npz, "data", "<f4", source);
  const langs = npzArray(npz, "langs", "<U", source).data;
  const names = npzArray(npz, "feats", "<U", source).data;
  const [nl, nf, ns] = data.shape;
  if (data.shape.length !== 3 || nl !== langs.length || nf !== names.length) {
    throw new Error(`${source}: data is (${data.shape}), expected (${langs.length}, ${names.length}, sources)`);
  }
  const union = new Float32Array(nl * nf);
  for (let i = 0; i < nl * nf; i++) {
    let m = -1;
    for (let s = 0; s < ns; s++) m = Math.max(m, data.data[i * ns + s]);
    union[i] = m;
  }
  return { rows: new Map(langs.map((l, i) => [l, i])), names, union };
}

/** URIEL code → indices of the family-tree nodes (`F_…`) it belongs to; languages without any are left out. */
export function lineages(npz: Map<string, NpyArray>, source: string): Map<string, number[]> {
  const data = npzArray(npz, "data", "<f4", source);
  const langs = npzArray(npz, "langs", "<U", source).data;
  const feats = npzArray(npz, "feats", "<U", source).data;
  const nf = feats.length;
  if (data.shape[0] !== langs.length || data.shape[1] !== nf || data.shape[2] !== 1) {
    throw new Error(`${source}: data is (${data.shape}), expected (${langs.length}, ${nf}, 1)`);
  }
  const out = new Map<string, number[]>();
  langs.forEach((lang, i) => {
    const nodes: number[] = [];
    for (let j = 0; j < nf; j++) if (data.data[i * nf + j] > 0) nodes.push(j);
    if (nodes.length > 0) out.set(lang, nodes);
  });
  return out;
}

/** geo.csv: `iso3,lat,lon` per line, no header. */
export function parseCoordinates(csv: string, source: string): Map<string, LatLon> {
  const out = new Map<string, LatLon>();
  csv.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const [code, lat, lon] = line.split(",");
    const p = { lat: Number(lat), lon: Number(lon) };
    if (!/^[a-z]{3}$/.test(code) || !(Math.abs(p.lat) <= 90) || !(Math.abs(p.lon) <= 180)) {
      throw new Error(`${source}:${i + 1}: "${line}" is not iso3,lat,lon`);
    }
    out.set(code, p);
  });
  return out;
}

/** iso-639-3.tab (SIL's tab-separated code table): code → reference name. */
export function parseIsoTable(tab: string, source: string): Map<string, string> {
  const lines = tab.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = lines[0].split("\t");
  const id = header.indexOf("Id");
  const name = header.indexOf("Ref_Name");
  if (id < 0 || name < 0) throw new Error(`${source}: header has no Id / Ref_Name column`);
  const out = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const f = line.split("\t");
    out.set(f[id], f[name]);
  }
  return out;
}
