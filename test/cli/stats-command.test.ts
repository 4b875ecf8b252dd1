import { describe, expect, test } from "bun:test";
import { statsCommand } from "../../cli/commands/stats.ts";

// R's sleep data; R: t.test(extra ~ group, data = sleep) gives t = -1.8608, df = 17.776, p-value = 0.07939.
const G1 = "0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0";
const G2 = "1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4";

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await statsCommand(argv, (s) => lines.push(s));
  return { code, out: lines.join("\n") };
}

describe("bench stats", () => {
  test("ttest --welch --json prints R's Welch result", async () => {
    const { code, out } = await run(["ttest", "--a", G1, "--b", G2, "--welch", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.test).toBe("welch");
    expect(r.statistic).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.pValue).toBeCloseTo(0.07939, 5);
  });

  test("ttest from summaries, with a negative value after its flag", async () => {
    const { out } = await run([
      "ttest",
      "--paired",
      "--mean-diff",
      "-1.58",
      "--sd-diff",
      "1.2299954832798732",
      "--n-diff",
      "10",
      "--json",
    ]);
    // R: t.test(extra ~ group, data = sleep, paired = TRUE): t = -4.0621, p-value = 0.002833
    expect(JSON.parse(out).pValue).toBeCloseTo(0.002833, 6);
  });

  test("text output names the test and the p-value", async () => {
    const { out } = await run(["ttest", "--a", G1, "--b", G2]);
    expect(out).toContain("Student two-sample t-test");
    expect(out).toContain("p-value = 0.07919");
  });

  test("a bad list entry is an error naming the flag and the value", async () => {
    await expect(run(["ttest", "--a", "1,x,3", "--b", G2])).rejects.toThrow('--a "1,x,3": "x" is not a finite number');
  });

  test("a library input error is reported against the flag that carried it", async () => {
    await expect(run(["ttest", "--a", "1", "--b", G2])).rejects.toThrow('--a "1": needs at least 2 values, got 1');
  });

  test("an unknown flag is an error naming it", async () => {
    await expect(run(["holm", "--q", "0.1"])).rejects.toThrow("--q");
  });
});
