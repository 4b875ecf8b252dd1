// The three distance measures behind lang2vec's precomputed URIEL distances,
// as reconstructed from its published values (see datasets/distances.ts).

/**
 * Angular distance 2·θ/π between two feature vectors. URIEL vectors are
 * non-negative, so θ ≤ 90° and the result lies in [0, 1]. A zero vector
 * stands in as the all-ones vector: lang2vec's convention (its matrices give
 * two featureless languages 0.0002, float32 noise around 0).
 */
export function angularDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length !== v.length) throw new Error(`angularDistance: vectors of length ${u.length} and ${v.length}`);
  let uu = 0;
  let vv = 0;
  for (let i = 0; i < u.length; i++) {
    uu += u[i] * u[i];
    vv += v[i] * v[i];
  }
  let dot = 0;
  for (let i = 0; i < u.length; i++) dot += (uu === 0 ? 1 : u[i]) * (vv === 0 ? 1 : v[i]);
  const norm = Math.sqrt((uu === 0 ? u.length : uu) * (vv === 0 ? v.length : vv));
  if (norm === 0) return 0; // two empty vectors
  const cos = Math.min(1, Math.max(-1, dot / norm));
  return (2 * Math.acos(cos)) / Math.PI;
}

/**
 * Genetic distance of two different languages from their lineages (the
 * family-tree nodes above each): 1 − shared / (longer lineage + 1), the +1
 * counting the language itself. Disjoint lineages (other families, isolates)
 * give 1. The same language is 0; callers decide identity.
 */
export function lineageDistance(a: readonly number[], b: readonly number[]): number {
  const set = new Set(a);
  let shared = 0;
  for (const x of b) if (set.has(x)) shared++;
  return 1 - shared / (Math.max(a.length, b.length) + 1);
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle distance as a fraction of the antipodal distance (half the circumference): 0..1. */
export function greatCircleFraction(a: LatLon, b: LatLon): number {
  // One argument order for both orders, so matrices come out exactly symmetric.
  if (a.lat > b.lat || (a.lat === b.lat && a.lon > b.lon)) [a, b] = [b, a];
  // The atan2 form of the central angle: well conditioned from 0 to antipodes.
  const rad = Math.PI / 180;
  const [p1, p2, dl] = [a.lat * rad, b.lat * rad, (b.lon - a.lon) * rad];
  const y = Math.hypot(
    Math.cos(p2) * Math.sin(dl),
    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl),
  );
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return Math.atan2(y, x) / Math.PI;
}
