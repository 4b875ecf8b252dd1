/** A mistake in how a command was called: the CLI prints it and exits 2. Commands that parse their own arguments extend it. */
export class UsageError extends Error {}
