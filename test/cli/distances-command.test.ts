import { describe, expect, test } from "bun:test";
import { distancesCommand, DistancesCommandError } from "../../cli/commands/distances.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const noData = { mirrors: ["/nonexistent-mirror"], cacheDir: "/nonexistent-cache" };

async function run(argv: string[], opts = { mirrors: [MIRROR], cacheDir: tempDir() }): Promise<string> {
  const out: string[] = [];
  expect(await distancesCommand(argv, (s) => out.push(s), opts)).toBe(0);
  return out.join("\n");
}

async function failure(argv: string[], opts = noData): Promise<Error> {
  return distancesCommand(argv, () => {}, opts).then(
    () => new Error("no error"),
    (e) => e as Error,
  );
}

describe("bench distances: arguments", () => {
  test("no language code is a usage error", async () => {
    const e = await failure([]);
    expect(e).toBeInstanceOf(DistancesCommandError);
    expect(e.message).toContain("give at least one language code");
  });

  test("--to and --pairwise do not combine", async () => {
    expect((await failure(["deu", "fra", "--pairwise", "--to", "eng"])).message).toContain(
      "--to and --pairwise do not combine",
    );
  });

  test("an unknown flag is a usage error", async () => {
    expect(await failure(["deu", "--matrix"])).toBeInstanceOf(DistancesCommandError);
  });
});

describe.skipIf(!HAS_MIRROR)("bench distances on the pinned data (uses the shared mirror)", () => {
  test("--json: distances from English with labels and pretraining shares", async () => {
    const out = JSON.parse(await run(["deu_Latn", "--json"]));
    expect(out.reference.iso).toBe("eng");
    const [deu] = out.languages;
    expect(deu.iso).toBe("deu");
    expect(deu.distances.genetic.value).toBeCloseTo(0.6, 10);
    expect(deu.pretrainingShare).toEqual({ xglm: 0.0543992, bloom: null });
    expect(out.methods.geographic.fidelity).toBe("exact");
    expect(out.methods.inventory.fidelity).toBe("exact");
  }, 60_000);

  test("--pairwise --json: symmetric matrices with a zero diagonal", async () => {
    const out = JSON.parse(await run(["eng", "fra", "jpn", "--pairwise", "--json"]));
    const m: number[][] = out.distances.syntactic;
    for (let i = 0; i < 3; i++) {
      expect(m[i][i]).toBe(0);
      for (let j = 0; j < 3; j++) expect(m[i][j]).toBe(m[j][i]);
    }
  }, 60_000);

  test("the text table names stand-in data", async () => {
    const out = await run(["est_Latn"]);
    expect(out).toContain("est→ekk (geographic)");
    expect(out).toContain("geographic: exact");
  }, 60_000);

  test("an unknown code is a usage error naming it", async () => {
    const e = await failure(["deu", "qqq"], { mirrors: [MIRROR], cacheDir: tempDir() });
    expect(e).toBeInstanceOf(DistancesCommandError);
    expect(e.message).toContain('unknown language code "qqq"');
  }, 60_000);
});
