// A system OpenBLAS through the runtime's FFI (bun:ffi under Bun, Deno.dlopen
// under Deno), as one small interface: row-major sgemm on operands that sit in
// one byte array (the WASM heap) at byte offsets, so nothing is copied.
export interface OpenBlas {
  library: string;
  config: string;
  core: string;
  setThreads(n: number): void;
  /** C = A·B (each optionally transposed), row-major, float32; offsets in bytes into heap. */
  sgemm(
    heap: Uint8Array,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    offA: number,
    lda: number,
    offB: number,
    ldb: number,
    offC: number,
    ldc: number,
  ): void;
}

import type { Pointer } from "bun:ffi";
import { openblasLibrary } from "../core/settings.ts";

const ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
const CANDIDATES = [
  "libopenblas.so.0",
  "libopenblas.so",
  "libopenblas.dylib",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
  "/usr/local/opt/openblas/lib/libopenblas.dylib",
];

type Opened = Omit<OpenBlas, "library">;
type Opener = (name: string) => Promise<Opened>;

async function bunOpener(): Promise<Opener> {
  const ffi = await import("bun:ffi");
  const T = ffi.FFIType;
  return async (name) => {
    const lib = ffi.dlopen(name, {
      cblas_sgemm: {
        args: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.f32, T.ptr, T.i32, T.ptr, T.i32, T.f32, T.ptr, T.i32],
        returns: T.void,
      },
      openblas_set_num_threads: { args: [T.i32], returns: T.void },
      openblas_get_config: { args: [], returns: T.cstring },
      openblas_get_corename: { args: [], returns: T.cstring },
    });
    const f = lib.symbols;
    return {
      config: String(f.openblas_get_config()),
      core: String(f.openblas_get_corename()),
      setThreads: (n) => f.openblas_set_num_threads(n),
      sgemm: (heap, ta, tb, m, n, k, offA, lda, offB, ldb, offC, ldc) => {
        // the heap's address, read per call: a WASM allocation may grow (move) the memory
        const base = ffi.ptr(heap);
        f.cblas_sgemm(
          ROW_MAJOR,
          ta ? TRANS : NO_TRANS,
          tb ? TRANS : NO_TRANS,
          m,
          n,
          k,
          1,
          (base + offA) as Pointer,
          lda,
          (base + offB) as Pointer,
          ldb,
          0,
          (base + offC) as Pointer,
          ldc,
        );
      },
    };
  };
}

interface DenoFfi {
  dlopen(
    path: string,
    symbols: Record<string, { parameters: string[]; result: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => unknown> };
  UnsafePointerView: new (p: unknown) => { getCString(): string };
}

function denoOpener(deno: DenoFfi): Opener {
  return async (name) => {
    const f = deno.dlopen(name, {
      cblas_sgemm: {
        parameters: [
          "i32",
          "i32",
          "i32",
          "i32",
          "i32",
          "i32",
          "f32",
          "buffer",
          "i32",
          "buffer",
          "i32",
          "f32",
          "buffer",
          "i32",
        ],
        result: "void",
      },
      openblas_set_num_threads: { parameters: ["i32"], result: "void" },
      openblas_get_config: { parameters: [], result: "pointer" },
      openblas_get_corename: { parameters: [], result: "pointer" },
    }).symbols;
    const cstring = (p: unknown) => new deno.UnsafePointerView(p).getCString();
    return {
      config: cstring(f.openblas_get_config()),
      core: cstring(f.openblas_get_corename()),
      setThreads: (n) => void f.openblas_set_num_threads(n),
      // a "buffer" argument passes the address of a view's first byte: views into the heap at the offsets
      sgemm: (heap, ta, tb, m, n, k, offA, lda, offB, ldb, offC, ldc) =>
        void f.cblas_sgemm(
          ROW_MAJOR,
          ta ? TRANS : NO_TRANS,
          tb ? TRANS : NO_TRANS,
          m,
          n,
          k,
          1,
          new Uint8Array(heap.buffer, offA),
          lda,
          new Uint8Array(heap.buffer, offB),
          ldb,
          0,
          new Uint8Array(heap.buffer, offC),
          ldc,
        ),
    };
  };
}

/** The first OpenBLAS that loads (XLT_OPENBLAS first), or why none did. */
export async function loadOpenBlas(env: Record<string, string | undefined>): Promise<OpenBlas | string> {
  const deno = (globalThis as { Deno?: DenoFfi }).Deno;
  const open = deno ? denoOpener(deno) : (globalThis as { Bun?: unknown }).Bun ? await bunOpener() : null;
  if (!open) return "native GEMM needs Bun's or Deno's FFI; this runtime has neither";
  const tried: string[] = [];
  for (const name of [openblasLibrary(env), ...CANDIDATES].filter((x): x is string => !!x)) {
    try {
      return { library: name, ...(await open(name)) };
    } catch {
      tried.push(name);
    }
  }
  return `no OpenBLAS library loaded (tried ${
    tried.join(", ")
  }); apt-get install libopenblas0 (or the platform's OpenBLAS) for native GEMM`;
}
