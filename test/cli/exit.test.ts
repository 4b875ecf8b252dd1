// How an error that ends a command becomes its exit code and message
// (cli/exit.ts, README: Exit codes), and the flag-value lists (cli/flags.ts).
import { describe, expect, test } from "bun:test";
import { SpecError } from "../../core/check.ts";
import { reading, UsageError } from "../../core/errors.ts";
import { EXIT, exitForError } from "../../cli/exit.ts";
import { parseList, unknownFlag } from "../../cli/flags.ts";
import { RUN_FLAGS } from "../../cli/run-flags.ts";

describe("an error's exit code", () => {
  test("bad input (UsageError, SpecError): 2, one line", () => {
    // by name too, where the class is another copy's (a plug-in's) or not in scope
    expect(new SpecError("s.json", "id", "x").name).toBe("SpecError");
    expect(exitForError(new UsageError("--k: empty list"))).toEqual({
      code: 2,
      lines: ["error: --k: empty list"],
    });
    expect(exitForError(new SpecError("s.json", "task.k", "expected a number"))).toEqual({
      code: 2,
      lines: ["error: s.json: task.k: expected a number"],
    });
  });

  test("a failure the code foresaw (an Error with a message for the user): 4, with the file being read", async () => {
    const e = await reading("/runs/b", () => Promise.reject(new Error("cannot reach the mirror"))).catch((x) => x);
    expect(exitForError(e)).toEqual({ code: 4, lines: ["error: cannot reach the mirror (while reading /runs/b)"] });
  });

  test("a bug (a TypeError, anything not an Error): 70, said to be one, naming the innermost file being read", async () => {
    const e = await reading("/runs/b", () =>
      reading("/runs/b/cells/x.json", () => {
        const record = JSON.parse("{}");
        return record.config.seed;
      })).catch((x) => x);
    const { code, lines } = exitForError(e);
    expect(code).toBe(EXIT.internal);
    expect(lines[0]).toMatch(
      /^internal error \(a bug in xlt-bench, while reading \/runs\/b\/cells\/x\.json\): .*config/,
    );
    expect(lines.join("\n")).toContain("TypeError");
    expect(exitForError("thrown").code).toBe(EXIT.internal);
  });
});

describe("flag values and flags", () => {
  test("seeds and languages name sets: a repeat is refused; token ids keep order and repeats", () => {
    expect(() => parseList("1,2,1", "--seeds", { integers: true })).toThrow('--seeds: "1" is listed twice');
    expect(() => parseList("de,de", "--langs")).toThrow('--langs: "de" is listed twice');
    // after normalising: "4,04" names k = 4 twice; a number must be written in decimal digits
    expect(() => parseList("4,04", "--k", { integers: true })).toThrow('--k: "04" is listed twice');
    expect(() => parseList("1e3", "--k", { integers: true })).toThrow('--k: "1e3" is not an integer');
    expect(parseList("0,20,112,60,20,2", "--ids", { integers: true, repeats: true })).toEqual([0, 20, 112, 60, 20, 2]);
  });

  test("the first flag a command does not take, as written; values and what follows -- are not flags", () => {
    expect(unknownFlag(["xpe-table1", "--seeds", "--x", "--k=4", "-h"], RUN_FLAGS)).toBeNull();
    expect(unknownFlag(["xpe-table1", "--jobs", "2", "--from-golden"], RUN_FLAGS)).toBe("--from-golden");
    expect(unknownFlag(["--json=1"], RUN_FLAGS)).toBe("--json");
    expect(unknownFlag(["-hx"], RUN_FLAGS)).toBe("-x");
    expect(unknownFlag(["--", "--bogus"], RUN_FLAGS)).toBeNull();
  });
});
