// WebGPU for tfjs: where navigator.gpu comes from in each runtime, and what
// adapter a host offers. Deno has WebGPU built in (wgpu: Vulkan on Linux).
// Bun and Node get it from the optional npm package `webgpu` (Dawn): Vulkan
// first; where Dawn finds no Vulkan adapter it can use (Debian 12's lavapipe
// lacks a feature Dawn requires), Dawn's OpenGL ES backend in compatibility
// mode, which on a headless Linux needs Mesa's surfaceless EGL platform.
import { createRequire } from "node:module";
import { dawnBackend } from "../core/settings.ts";

export interface AdapterLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
}

export interface WebGPUAdapter {
  /** Who implements WebGPU in this runtime. */
  provider: "deno (wgpu)" | "webgpu npm (dawn)";
  /** Dawn's backend when Dawn is the provider (vulkan, or opengles in compatibility mode). */
  dawnBackend?: string;
  featureLevel: "core" | "compatibility";
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (lavapipe, llvmpipe, SwiftShader): correct, not fast. */
  software: boolean;
  limits: AdapterLimits;
}

export type WebGPUProbe = { ok: true; adapter: WebGPUAdapter } | { ok: false; reason: string };

interface GpuLike {
  requestAdapter(o?: Record<string, unknown>): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: Record<string, string | boolean | undefined>;
  limits: Record<string, number>;
  requestAdapterInfo?: () => Promise<Record<string, string>>;
  isFallbackAdapter?: boolean;
}

declare const Deno: unknown;
const isDeno = typeof Deno !== "undefined";
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software/i;
const LIMITS: (keyof AdapterLimits)[] = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
];

let provided: Promise<WebGPUProbe> | null = null;

function describe(
  a: AdapterLike,
  info: Record<string, unknown>,
  provider: WebGPUAdapter["provider"],
  featureLevel: WebGPUAdapter["featureLevel"],
  dawnBackend?: string,
): WebGPUAdapter {
  const s = (k: string) => String(info[k] ?? "");
  const text = [s("vendor"), s("architecture"), s("device"), s("description")].join(" ");
  return {
    provider,
    ...(dawnBackend ? { dawnBackend } : {}),
    featureLevel,
    vendor: s("vendor"),
    architecture: s("architecture"),
    device: s("device"),
    description: s("description"),
    software: SOFTWARE.test(text) || info.isFallbackAdapter === true || a.isFallbackAdapter === true,
    limits: Object.fromEntries(LIMITS.map((k) => [k, a.limits[k]])) as unknown as AdapterLimits,
  };
}

async function infoOf(a: AdapterLike): Promise<Record<string, unknown>> {
  const info: Record<string, unknown> | undefined = a.info ??
    (a.requestAdapterInfo ? await a.requestAdapterInfo() : undefined);
  // GPUAdapterInfo's fields are getters, which a spread would not copy
  return Object.fromEntries(
    ["vendor", "architecture", "device", "description", "isFallbackAdapter"].map((k) => [k, info?.[k]]),
  );
}

async function denoProbe(): Promise<WebGPUProbe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return { ok: false, reason: "this Deno has no navigator.gpu" };
  const a = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!a) {
    return {
      ok: false,
      reason:
        "Deno's WebGPU (wgpu) found no adapter: no Vulkan driver (on Debian/Ubuntu: apt-get install mesa-vulkan-drivers for a software one, or the GPU vendor's driver)",
    };
  }
  return { ok: true, adapter: describe(a, await infoOf(a), "deno (wgpu)", "core") };
}

/**
 * Bun/Node: load Dawn from the `webgpu` package, find an adapter, and install
 * navigator.gpu so that @tensorflow/tfjs-backend-webgpu (imported afterwards)
 * registers itself and requests that same adapter.
 */
async function dawnProvide(env: Record<string, string | undefined>): Promise<WebGPUProbe> {
  let mod: { create: (flags: string[]) => GpuLike; globals: Record<string, unknown> };
  try {
    mod = createRequire(import.meta.url)("webgpu");
  } catch {
    return {
      ok: false,
      reason:
        "under Bun and Node, WebGPU comes from the npm package `webgpu` (Dawn), which is not installed (bun add webgpu)",
    };
  }
  // Mesa's EGL needs a platform without a display server; read when Dawn first loads EGL.
  if (process.platform === "linux" && !process.env.EGL_PLATFORM) await setNativeEnv("EGL_PLATFORM", "surfaceless");
  const dawn = dawnBackend(env);
  const tries: { flags: string[]; featureLevel: WebGPUAdapter["featureLevel"]; backend: string }[] = dawn
    ? [{
      flags: [`backend=${dawn}`],
      featureLevel: dawn.startsWith("opengl") ? "compatibility" : "core",
      backend: dawn,
    }]
    : [
      { flags: [], featureLevel: "core", backend: "vulkan" },
      { flags: ["backend=opengles"], featureLevel: "compatibility", backend: "opengles" },
    ];
  for (const t of tries) {
    const gpu = mod.create(t.flags);
    const opts = {
      powerPreference: "high-performance",
      ...(t.featureLevel === "compatibility" ? { featureLevel: "compatibility" } : {}),
    };
    const a = await gpu.requestAdapter(opts);
    if (!a) continue;
    Object.assign(globalThis, mod.globals);
    // tfjs asks for an adapter itself: give it the one found here, in the same mode
    const request = gpu.requestAdapter.bind(gpu);
    const shim: GpuLike = { requestAdapter: (o) => request({ ...o, ...opts }) };
    Object.defineProperty(globalThis.navigator, "gpu", { value: shim, configurable: true });
    return { ok: true, adapter: describe(a, await infoOf(a), "webgpu npm (dawn)", t.featureLevel, t.backend) };
  }
  return {
    ok: false,
    reason:
      "Dawn (npm `webgpu`) found no adapter: no Vulkan driver it accepts (it refuses Mesa 22's lavapipe) and no OpenGL ES through EGL. " +
      "Install the GPU vendor's Vulkan driver, or run under Deno (deno task bench), whose wgpu accepts lavapipe",
  };
}

/** Set a variable that native code reads with getenv: Bun's process.env does not reach the C environment. */
async function setNativeEnv(name: string, value: string): Promise<void> {
  process.env[name] = value;
  if (!(globalThis as { Bun?: unknown }).Bun) return;
  try {
    const ffi = await import("bun:ffi");
    const libc = ffi.dlopen("libc.so.6", {
      setenv: { args: [ffi.FFIType.cstring, ffi.FFIType.cstring, ffi.FFIType.i32], returns: ffi.FFIType.i32 },
    });
    libc.symbols.setenv(Buffer.from(`${name}\0`), Buffer.from(`${value}\0`), 0);
    libc.close();
  } catch {
    // not glibc: the variable must then come from the shell
  }
}

/** Make navigator.gpu available in this runtime and describe its adapter (once per process). */
export function provideWebGPU(env: Record<string, string | undefined> = process.env): Promise<WebGPUProbe> {
  provided ??= (isDeno ? denoProbe() : dawnProvide(env)).catch((e) => ({
    ok: false as const,
    reason: `WebGPU probe failed: ${(e as Error).message}`,
  }));
  return provided;
}

/** The adapter in one line, for logs and provenance. */
export function adapterLine(a: WebGPUAdapter): string {
  const name = a.description || [a.vendor, a.architecture, a.device].filter(Boolean).join(" ") || "unnamed adapter";
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
  return `${name} via ${a.provider}${a.dawnBackend ? ` ${a.dawnBackend}` : ""} (${a.featureLevel}${
    a.software ? ", software" : ""
  }; max buffer ${mb(a.limits.maxBufferSize)}, max storage binding ${mb(a.limits.maxStorageBufferBindingSize)})`;
}
