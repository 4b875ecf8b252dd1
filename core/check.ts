// Small validation combinators: each checker returns the typed value or throws
// a SpecError naming the field path and the offending value.
export class SpecError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${source}: ${path || "(root)"}: ${detail}`);
  }
}

export type Checker<T> = (v: unknown, path: string, src: string) => T;
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? "nothing" : s.length > 60 ? s.slice(0, 57) + "..." : s;
};
const fail = (src: string, path: string, want: string, v: unknown): never => {
  throw new SpecError(src, path, `expected ${want}, got ${show(v)}`);
};

export const str: Checker<string> = (v, p, s) => (typeof v === "string" && v.length > 0 ? v : fail(s, p, "a non-empty string", v));
export const num: Checker<number> = (v, p, s) => (typeof v === "number" && Number.isFinite(v) ? v : fail(s, p, "a number", v));
export const bool: Checker<boolean> = (v, p, s) => (typeof v === "boolean" ? v : fail(s, p, "true or false", v));
export const posInt: Checker<number> = (v, p, s) => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : fail(s, p, "a positive integer", v));
export const nonNeg: Checker<number> = (v, p, s) => (typeof v === "number" && v >= 0 && Number.isFinite(v) ? v : fail(s, p, "a number >= 0", v));
/** A probability that keeps something: a dropout rate in [0, 1) (1 would drop everything and divide by zero). */
export const rate: Checker<number> = (v, p, s) => (typeof v === "number" && v >= 0 && v < 1 ? v : fail(s, p, "a rate in [0, 1)", v));
export const positive: Checker<number> = (v, p, s) => (typeof v === "number" && v > 0 && Number.isFinite(v) ? v : fail(s, p, "a number > 0", v));

export function oneOf<T extends string | number>(...options: T[]): Checker<T> {
  return (v, p, s) => (options.includes(v as T) ? (v as T) : fail(s, p, `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`, v));
}

export function arr<T>(item: Checker<T>, { min = 0 } = {}): Checker<T[]> {
  return (v, p, s) => {
    if (!Array.isArray(v)) return fail(s, p, "an array", v);
    if (v.length < min) return fail(s, p, `an array of at least ${min} item(s)`, v);
    return v.map((x, i) => item(x, `${p}[${i}]`, s));
  };
}

/** An array whose items are all different (a repeated k, seed or sweep value would run the same cell twice). */
export function distinct<T>(c: Checker<T[]>): Checker<T[]> {
  return (v, p, s) => {
    const xs = c(v, p, s);
    const i = xs.findIndex((x, j) => xs.indexOf(x) !== j);
    if (i >= 0) throw new SpecError(s, `${p}[${i}]`, `${JSON.stringify(xs[i])} is listed twice`);
    return xs;
  };
}

export function record<T>(item: Checker<T>): Checker<Record<string, T>> {
  return (v, p, s) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(s, p, "an object", v);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, item(x, p ? `${p}.${k}` : k, s)]));
  };
}

type Shape = Record<string, Checker<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };
export const optional = <T>(c: Checker<T>): Checker<T | undefined> => {
  const o: Checker<T | undefined> = (v, p, s) => (v === undefined ? undefined : c(v, p, s));
  (o as { optional?: boolean }).optional = true;
  return o;
};

/** An object with exactly these fields (unknown fields are errors: typos must not pass). */
export function obj<S extends Shape>(shape: S): Checker<FromShape<S>> {
  return (v, p, s) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(s, p, "an object", v);
    const at = (k: string) => (p ? `${p}.${k}` : k);
    for (const k of Object.keys(v)) {
      if (!(k in shape)) throw new SpecError(s, at(k), `unknown field (known: ${Object.keys(shape).join(", ")})`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(shape)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined && !(c as { optional?: boolean }).optional) throw new SpecError(s, at(k), "missing");
      const r = c(x, at(k), s);
      if (r !== undefined) out[k] = r;
    }
    return out as FromShape<S>;
  };
}

/** A union tagged by a string field. */
export function tagged<T = unknown>(tag: string, variants: Record<string, Checker<unknown>>): Checker<T> {
  return (v, p, s) => {
    const t = (v as Record<string, unknown> | null)?.[tag];
    const c = typeof t === "string" ? variants[t] : undefined;
    if (!c) return fail(s, p ? `${p}.${tag}` : tag, `one of ${Object.keys(variants).map((k) => JSON.stringify(k)).join(", ")}`, t);
    return c(v, p, s) as T;
  };
}

export function either<A, B>(a: Checker<A>, b: Checker<B>, want: string): Checker<A | B> {
  return (v, p, s) => {
    try {
      return a(v, p, s);
    } catch {
      try {
        return b(v, p, s);
      } catch {
        return fail(s, p, want, v);
      }
    }
  };
}
