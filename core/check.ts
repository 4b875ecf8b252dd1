// Small validation combinators: each checker returns the typed value or throws
// a SpecError naming the field path and the offending value. Each combinator's
// checker also carries its JSON Schema fragment and, through its type, the type
// of what it returns (Infer), so a checker is the one source of a type, its
// load-time check and its editor schema.
export class SpecError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${source}: ${path || "(root)"}: ${detail}`);
  }
  // the CLI tells bad input (exit 2) from a bug by it, also where the class is not in scope
  override name = "SpecError";
}

/** The subset of JSON Schema (draft 2020-12) that the checkers emit. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  const?: string | number;
  enum?: (string | number)[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/**
 * Validates v (found at `path` of file `src`) and returns it typed. A hand-written
 * checker may leave out `schema` (its schema is then {}: anything); `optional`
 * marks a field that obj lets be absent.
 */
export interface Checker<T> {
  (v: unknown, path: string, src: string): T;
  readonly schema?: JsonSchema;
  readonly optional?: boolean;
}
/** A checker that carries its JSON Schema (every combinator's). */
export type SchemaChecker<T> = Checker<T> & { readonly schema: JsonSchema };
/** A field obj lets be absent; the brand makes obj's type say `k?: T`. */
export type Optional<T> = SchemaChecker<T | undefined> & { readonly optional: true };
/** The type a checker returns. */
export type Infer<C> = C extends Checker<infer T> ? T : never;

const schemaOf = (c: Checker<unknown>): JsonSchema => c.schema ?? {};
const withSchemaOf = <T>(fn: Checker<T>, schema: JsonSchema): SchemaChecker<T> => Object.assign(fn, { schema });

/** A hand-written checker with its schema (the schema cannot be derived from code). */
export function withSchema<T>(c: Checker<T>, schema: JsonSchema): SchemaChecker<T> {
  return withSchemaOf((v, p, s) => c(v, p, s), schema);
}

/**
 * A checker, then a check across its fields that a schema cannot say (it throws
 * a SpecError); keeps the checker's type and schema.
 */
export function refine<T>(c: Checker<T>, after: (value: T, path: string, src: string) => void): SchemaChecker<T> {
  return withSchemaOf((v, p, s) => {
    const r = c(v, p, s);
    after(r, p, s);
    return r;
  }, schemaOf(c));
}

/**
 * A look at the raw value before a checker runs, for a clearer message than the
 * checker's own (e.g. a field that belongs to another method); keeps its type and schema.
 */
export function guard<T>(before: (raw: unknown, path: string, src: string) => void, c: Checker<T>): SchemaChecker<T> {
  return withSchemaOf((v, p, s) => {
    before(v, p, s);
    return c(v, p, s);
  }, schemaOf(c));
}

/** The same checker (optional or not) whose schema carries a description: the editor's hover text. */
export function describe<C extends Checker<unknown>>(c: C, description: string): C & { readonly schema: JsonSchema } {
  const { description: _, ...rest } = schemaOf(c); // first, so that it heads its field in the schema file
  return Object.assign((v: unknown, p: string, s: string) => c(v, p, s), c, { schema: { description, ...rest } });
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? "nothing" : s.length > 60 ? s.slice(0, 57) + "..." : s;
};
const fail = (src: string, path: string, want: string, v: unknown): never => {
  throw new SpecError(src, path, `expected ${want}, got ${show(v)}`);
};

export const str = withSchemaOf<string>(
  (v, p, s) => (typeof v === "string" && v.length > 0 ? v : fail(s, p, "a non-empty string", v)),
  { type: "string", minLength: 1 },
);
export const num = withSchemaOf<number>(
  (v, p, s) => (typeof v === "number" && Number.isFinite(v) ? v : fail(s, p, "a number", v)),
  { type: "number" },
);
export const bool = withSchemaOf<boolean>((v, p, s) => (typeof v === "boolean" ? v : fail(s, p, "true or false", v)), {
  type: "boolean",
});
export const posInt = withSchemaOf<number>(
  (v, p, s) => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : fail(s, p, "a positive integer", v)),
  { type: "integer", minimum: 1 },
);
/** A positive integer up to `max`: a count with a ceiling, so that a slip such as 1e9 is refused, not a cell that never ends. */
export function posIntUpTo(max: number): SchemaChecker<number> {
  return withSchemaOf(
    (v, p, s) => (posInt(v, p, s) <= max ? (v as number) : fail(s, p, `a positive integer up to ${max}`, v)),
    { type: "integer", minimum: 1, maximum: max },
  );
}
export const nonNeg = withSchemaOf<number>(
  (v, p, s) => (typeof v === "number" && v >= 0 && Number.isFinite(v) ? v : fail(s, p, "a number >= 0", v)),
  { type: "number", minimum: 0 },
);
/** A probability that keeps something: a dropout rate in [0, 1) (1 would drop everything and divide by zero). */
export const rate = withSchemaOf<number>(
  (v, p, s) => (typeof v === "number" && v >= 0 && v < 1 ? v : fail(s, p, "a rate in [0, 1)", v)),
  { type: "number", minimum: 0, exclusiveMaximum: 1 },
);
export const positive = withSchemaOf<number>(
  (v, p, s) => (typeof v === "number" && v > 0 && Number.isFinite(v) ? v : fail(s, p, "a number > 0", v)),
  { type: "number", exclusiveMinimum: 0 },
);
/** A string matching `pattern` (a regular expression, as JSON Schema writes one) of at most `max` characters (code points, as JSON Schema counts). */
export function matching(pattern: string, max: number, want: string): SchemaChecker<string> {
  const re = new RegExp(pattern, "u");
  return withSchemaOf<string>(
    (v, p, s) => (typeof v === "string" && [...v].length <= max && re.test(v) ? v : fail(s, p, want, v)),
    { type: "string", minLength: 1, maxLength: max, pattern },
  );
}

const NAME_PART = "[A-Za-z0-9][A-Za-z0-9._-]*";
/**
 * A name that becomes a file or folder name (a spec id, a row id, a profile): ASCII letters, digits, `.`, `_` and
 * `-`, first a letter or digit (so never `..`, a hidden file or an option).
 */
const NAME_PATTERN = new RegExp(`^${NAME_PART}$`);
export const NAME_MAX = 64;
export const isSafeName = (v: unknown): v is string =>
  typeof v === "string" && v.length <= NAME_MAX && NAME_PATTERN.test(v);
export const safeName = matching(
  NAME_PATTERN.source,
  NAME_MAX,
  `a name of letters, digits, ".", "_" and "-" (first a letter or digit, at most ${NAME_MAX})`,
);

/** A golden file as a spec names it: a .json file under golden/, each part of its path a name (so no `..`, nothing absolute). */
export const goldenFile = matching(
  `^golden/(?:${NAME_PART}/)*${NAME_PART}\\.json$`,
  200,
  "a golden file under golden/ (golden/<name>.json)",
);

/** A Hugging Face repository id (org/name or name): it names a folder of the Hub cache. */
export const hubId = matching(
  `^(?:${NAME_PART}/)?${NAME_PART}$`,
  96,
  'a Hugging Face repository id ("org/name")',
);

/** A revision of a Hub repository (a branch, a tag, a commit, refs/pr/1): it names a file of the Hub cache. */
export const hubRevision = matching(
  `^(?:${NAME_PART}/)*${NAME_PART}$`,
  128,
  'a branch, tag or commit (letters, digits, ".", "_", "-" and "/")',
);

/** A label shown on pages and charts and written to CSV: one line, no control characters. */
export const LABEL_MAX = 80;
export const label = matching(
  "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",
  LABEL_MAX,
  `a label of 1 to ${LABEL_MAX} characters without control characters`,
);

/** Any value, unchecked (what a later check types, such as a method's parameters). */
export const anything = withSchemaOf<unknown>((v) => v, {});

export function oneOf<T extends string | number>(...options: T[]): SchemaChecker<T> {
  return withSchemaOf(
    (
      v,
      p,
      s,
    ) => (options.includes(v as T)
      ? (v as T)
      : fail(s, p, `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`, v)),
    options.length === 1 ? { const: options[0] } : { enum: options },
  );
}

export function arr<T>(item: Checker<T>, { min = 0 } = {}): SchemaChecker<T[]> {
  const fn: Checker<T[]> = (v, p, s) => {
    if (!Array.isArray(v)) return fail(s, p, "an array", v);
    if (v.length < min) return fail(s, p, `an array of at least ${min} item(s)`, v);
    return v.map((x, i) => item(x, `${p}[${i}]`, s));
  };
  return withSchemaOf(fn, { type: "array", items: schemaOf(item), ...(min > 0 ? { minItems: min } : {}) });
}

/** An array whose items are all different (a repeated k, seed or sweep value would run the same cell twice). */
export function distinct<T>(c: Checker<T[]>): SchemaChecker<T[]> {
  const fn: Checker<T[]> = (v, p, s) => {
    const xs = c(v, p, s);
    const i = xs.findIndex((x, j) => xs.indexOf(x) !== j);
    if (i >= 0) throw new SpecError(s, `${p}[${i}]`, `${JSON.stringify(xs[i])} is listed twice`);
    return xs;
  };
  return withSchemaOf(fn, { ...schemaOf(c), uniqueItems: true });
}

/** Arrays to `list` (so its errors name the bad item), anything else to `other`. */
export function listOr<L, O>(list: Checker<L[]>, other: Checker<O>): SchemaChecker<L[] | O> {
  const o = schemaOf(other);
  return withSchemaOf((v, p, s) => (Array.isArray(v) ? list(v, p, s) : other(v, p, s)), {
    anyOf: [...(o.anyOf ?? [o]), schemaOf(list)],
  });
}

/** An object of any keys (each checked by `key` when given: a profile name becomes a folder name) to items. */
export function record<T>(item: Checker<T>, key?: SchemaChecker<string>): SchemaChecker<Record<string, T>> {
  const fn: Checker<Record<string, T>> = (v, p, s) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(s, p, "an object", v);
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        const at = p ? `${p}.${k}` : k;
        if (key) key(k, at, s);
        return [k, item(x, at, s)];
      }),
    );
  };
  const { type: _, ...names } = key?.schema ?? {};
  return withSchemaOf(fn, {
    type: "object",
    ...(key ? { propertyNames: names } : {}),
    additionalProperties: schemaOf(item),
  });
}

export const optional = <T>(c: Checker<T>): Optional<T> =>
  Object.assign((v: unknown, p: string, s: string) => (v === undefined ? undefined : c(v, p, s)), {
    schema: schemaOf(c),
    optional: true as const,
  });

type Shape = Record<string, Checker<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] };
/** What obj returns: optional checkers' fields as `k?: T`, the others required. */
export type FromShape<S extends Shape> = Simplify<
  & { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> }
  & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

/** An object with exactly these fields (unknown fields are errors: typos must not pass). */
export function obj<S extends Shape>(shape: S): SchemaChecker<FromShape<S>> {
  const fn: Checker<FromShape<S>> = (v, p, s) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(s, p, "an object", v);
    const at = (k: string) => (p ? `${p}.${k}` : k);
    for (const k of Object.keys(v)) {
      if (!(k in shape)) throw new SpecError(s, at(k), `unknown field (known: ${Object.keys(shape).join(", ")})`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(shape)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined && !c.optional) throw new SpecError(s, at(k), "missing");
      const r = c(x, at(k), s);
      if (r !== undefined) out[k] = r;
    }
    return out as FromShape<S>;
  };
  const required = Object.keys(shape).filter((k) => !shape[k].optional);
  const properties = Object.fromEntries(Object.entries(shape).map(([k, c]) => [k, schemaOf(c)]));
  return withSchemaOf(fn, {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  });
}

/**
 * An object with these fields and maybe others, which are kept as they are: for data a program wrote
 * (a result record), where a field only a newer version knows is no typo, and dropping it would change
 * what the data says (a config's hash).
 */
export function open<S extends Shape>(shape: S): SchemaChecker<FromShape<S>> {
  const known = obj(shape);
  const fn: Checker<FromShape<S>> = (v, p, s) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(s, p, "an object", v);
    return { ...v, ...known(Object.fromEntries(Object.entries(v).filter(([k]) => k in shape)), p, s) };
  };
  return withSchemaOf(fn, { ...known.schema, additionalProperties: true });
}

/** A union tagged by a string field: each variant an obj whose tag is oneOf(its key). */
export function tagged<V extends Shape>(
  tag: string,
  variants: V,
): SchemaChecker<{ [K in keyof V]: Infer<V[K]> }[keyof V]> {
  const keys = Object.keys(variants);
  const fn: Checker<{ [K in keyof V]: Infer<V[K]> }[keyof V]> = (v, p, s) => {
    const t = (v as Record<string, unknown> | null)?.[tag];
    const c = typeof t === "string" ? variants[t] : undefined;
    if (!c) return fail(s, p ? `${p}.${tag}` : tag, `one of ${keys.map((k) => JSON.stringify(k)).join(", ")}`, t);
    return c(v, p, s) as Infer<V[keyof V]>;
  };
  // the tag's enum up front lets an editor offer the tags; each variant then fixes its own
  return withSchemaOf(fn, {
    type: "object",
    properties: { [tag]: { enum: keys } },
    required: [tag],
    oneOf: Object.values(variants).map(schemaOf),
  });
}

export function either<A, B>(a: Checker<A>, b: Checker<B>, want: string): SchemaChecker<A | B> {
  const fn: Checker<A | B> = (v, p, s) => {
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
  return withSchemaOf(fn, { anyOf: [schemaOf(a), schemaOf(b)] });
}
