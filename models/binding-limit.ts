// The largest tensor the compute backend binds at once, in bytes: unbounded on
// CPU backends, the adapter's storage-binding limit on WebGPU (set when the
// backend starts). XLT_MAX_BINDING_BYTES overrides it (tests of row blocks).
import { maxBindingBytesOverride } from "../core/settings.ts";

let bytes = Infinity;

export function setMaxBindingBytes(n: number): void {
  bytes = n;
}

export function maxBindingBytes(): number {
  return maxBindingBytesOverride() ?? bytes;
}
