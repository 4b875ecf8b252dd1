// The .npz/.npy reader on tiny archives numpy wrote (scripts/make-zip-fixtures.py).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { npzArray, readNpz } from "../../datasets/npy.ts";
import { HAS_MIRROR, MIRROR } from "../helpers/mirror.ts";
import { typologyPin } from "../../datasets/typology/pins.ts";
import { join } from "node:path";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/zip/${name}`, import.meta.url))));
const tiny = readNpz(fixture("tiny.npz"), "tiny.npz");

describe("npz reader", () => {
  test("float32 and float64 arrays keep shape and values", () => {
    const f4 = npzArray(tiny, "f4", "<f4", "tiny.npz");
    expect(f4.shape).toEqual([2, 3]);
    expect([...f4.data]).toEqual([0.5, -1, 2.25, 3, 4.5, -0.125]);
    expect([...npzArray(tiny, "f8", "<f8", "tiny.npz").data]).toEqual([1 / 3, -2.5, 1e300]);
  });

  test("int64 comes back as BigInt64Array", () => {
    expect([...npzArray(tiny, "i8", "<i8", "tiny.npz").data]).toEqual([1n, -2n, 2n ** 40n, -(2n ** 40n)]);
  });

  test("bool and uint8 come back as bytes", () => {
    expect([...npzArray(tiny, "b1", "|b1", "tiny.npz").data]).toEqual([1, 0, 0, 1]);
    expect([...npzArray(tiny, "u1", "|u1", "tiny.npz").data]).toEqual([0, 7, 255]);
  });

  test("unicode string arrays decode, non-ASCII included", () => {
    expect(npzArray(tiny, "names", "<U", "tiny.npz").data).toEqual(["eng", "français", "日本語"]);
  });

  test("a 0-d array has shape [] and one value", () => {
    const s = npzArray(tiny, "scalar", "<f8", "tiny.npz");
    expect(s.shape).toEqual([]);
    expect([...s.data]).toEqual([42]);
  });

  test("Fortran-order arrays come back in C order", () => {
    expect([...npzArray(tiny, "fortran2d", "<f4", "tiny.npz").data]).toEqual([0, 1, 2, 3, 4, 5]);
    const a = npzArray(tiny, "fortran3d", "<f4", "tiny.npz");
    expect(a.shape).toEqual([2, 3, 4]);
    expect([...a.data]).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  test("a deflated archive reads the same as a stored one", () => {
    const z = readNpz(fixture("tiny-compressed.npz"), "tiny-compressed.npz");
    expect([...z.keys()].sort()).toEqual([...tiny.keys()].sort());
    for (const [k, a] of tiny) expect(z.get(k)).toEqual(a);
  });

  test(".npy format 1.0, 2.0 and 3.0 headers", () => {
    const z = readNpz(fixture("headers.npz"), "headers.npz");
    for (const v of [1, 2, 3]) expect([...npzArray(z, `v${v}`, "<f4", "headers.npz").data]).toEqual([v, 0.5]);
  });

  test("an unsupported dtype names the file, the entry and the dtype", () => {
    expect(() => readNpz(fixture("unsupported.npz"), "unsupported.npz")).toThrow(
      "unsupported.npz:big.npy: dtype >f4 is not supported",
    );
  });

  test("a file that is not a zip archive is named", () => {
    expect(() => readNpz(new TextEncoder().encode("not a zip at all, just some text"), "bogus.npz")).toThrow(
      "bogus.npz: not a zip archive",
    );
  });

  test("asking for a missing array or another dtype names the array", () => {
    expect(() => npzArray(tiny, "nope", "<f4", "tiny.npz")).toThrow('tiny.npz: no array "nope"');
    expect(() => npzArray(tiny, "f8", "<f4", "tiny.npz")).toThrow('tiny.npz: array "f8" is <f8, expected <f4');
  });

  test.skipIf(!HAS_MIRROR)("lang2vec's features.npz: languages × features × sources (uses the shared mirror)", () => {
    const pin = typologyPin("lang2vec/features");
    const z = readNpz(new Uint8Array(readFileSync(join(MIRROR, pin.path))), pin.path);
    expect(npzArray(z, "data", "<f4", pin.path).shape).toEqual([7970, 289, 10]);
    expect(npzArray(z, "langs", "<U", pin.path).data.slice(0, 2)).toEqual(["aaa", "aab"]);
    expect(npzArray(z, "feats", "<U", pin.path).data[0]).toBe("S_SVO");
  });
});
