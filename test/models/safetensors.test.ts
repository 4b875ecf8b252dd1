import { describe, expect, test } from "bun:test";
import { readSafetensors, writeSafetensors } from "../../models/safetensors.ts";

function withHeader(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("safetensors", () => {
  test("float32 round trip keeps names, shapes and values", () => {
    const t = new Map([
      ["b", { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) }],
      ["a", { shape: [1], data: Float32Array.from([42]) }],
    ]);
    const back = readSafetensors(writeSafetensors(t, { format: "pt" }));
    expect(back.metadata).toEqual({ format: "pt" });
    expect(back.tensors.get("b")!.shape).toEqual([2, 3]);
    expect([...back.tensors.get("b")!.data]).toEqual([...t.get("b")!.data]);
    expect([...back.tensors.get("a")!.data]).toEqual([42]);
  });

  test("float16 and bfloat16 are widened exactly", () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]).buffer); // 1, -2, 0.33325, smallest subnormal
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc0a0]).buffer); // 1, -5
    const file = withHeader(
      {
        h: { dtype: "F16", shape: [4], data_offsets: [0, 8] },
        b: { dtype: "BF16", shape: [2], data_offsets: [8, 12] },
      },
      new Uint8Array([...f16, ...bf16]),
    );
    const r = readSafetensors(file);
    expect([...r.tensors.get("h")!.data]).toEqual([1, -2, 0.333251953125, 2 ** -24]);
    expect([...r.tensors.get("b")!.data]).toEqual([1, -5]);
  });

  test("unsupported dtype names the tensor", () => {
    const file = withHeader({ x: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(() => readSafetensors(file, "m.safetensors")).toThrow('m.safetensors: tensor "x" has dtype I64');
  });

  test("a file cut short, in its data or in its header, or with a garbled header, is named with what is wrong", () => {
    const whole = writeSafetensors(new Map([["w", { shape: [4, 4], data: new Float32Array(16).fill(1.5) }]]));
    expect(() => readSafetensors(whole.subarray(0, whole.length - 10), "model.safetensors")).toThrow(
      /model\.safetensors: tensor "w" ends at byte \d+, past the file's \d+ bytes: the file is truncated/,
    );
    expect(() => readSafetensors(whole.subarray(0, 20), "model.safetensors")).toThrow(
      /model\.safetensors: header length \d+ exceeds file size 20/,
    );
    expect(() => readSafetensors(whole.subarray(0, 5), "model.safetensors")).toThrow(
      "model.safetensors: too short to be safetensors",
    );
    const garbled = whole.slice();
    garbled[8] = 0x21; // "!" where the JSON header opens
    expect(() => readSafetensors(garbled, "model.safetensors")).toThrow("model.safetensors: header is not JSON");
  });

  test("offsets that do not fit the shape are an error", () => {
    const file = withHeader({ x: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(() => readSafetensors(file)).toThrow('tensor "x" offsets');
  });
});

describe("float16 writing", () => {
  test("round trip through F16 is exact for representable values and rounds to nearest otherwise", () => {
    const values = Float32Array.from([0, 1, -2, 0.5, 65504, 2 ** -24, 1 / 3, 1e-9, 1e6, -0.1]);
    const back = readSafetensors(
      writeSafetensors(new Map([["x", { shape: [values.length], data: values }]]), {}, "F16"),
    ).tensors.get("x")!;
    expect(back.dtype).toBe("F16");
    expect([...back.data].slice(0, 6)).toEqual([0, 1, -2, 0.5, 65504, 2 ** -24]);
    expect(back.data[6]).toBe(0.333251953125); // nearest half to 1/3
    expect(back.data[7]).toBe(0); // below the smallest subnormal
    expect(back.data[8]).toBe(Infinity);
    expect(Math.abs(back.data[9] + 0.1)).toBeLessThan(1e-4);
  });
});
