/**
 * Bad input: a mistake in how a command was called (flags, selector), or in what it was given to read (a folder, a
 * record). The CLI prints its message, no stack, and exits 2. Commands that parse their own arguments extend it.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

// the file being read when an error was thrown, set by the innermost reading() around it
const READING = Symbol("xlt-bench reading");

/**
 * Run `fn`, which reads `file` (a results folder, a checkpoint, a golden file): an error from it keeps its class and
 * message and is marked with the file, so that an internal error (a bug) can say what it was reading.
 */
export async function reading<T>(file: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && !(READING in e)) Object.defineProperty(e, READING, { value: file });
    throw e;
  }
}

/** The file an error was thrown while reading (the innermost reading() around it), if any. */
export function fileBeingRead(e: unknown): string | undefined {
  return e instanceof Error && READING in e ? (e as unknown as Record<symbol, string>)[READING] : undefined;
}
