// How the command line fails: a usage error (exit 2, with the usage text) or a user error
// (exit 1, one line). Anything numfuse throws becomes one line too, never a stack trace.

/** Bad arguments: the command prints its usage after the message and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A problem with the user's files or expression: one line, exit 1. */
export class UserError extends Error {
  override name = "UserError";
}

const SYSTEM: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ENOSPC: "No space left on device",
};

/** The one line an error prints as: NumPy's class and message, or the system's wording for a file. */
export function errorLine(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: string; path?: string };
  if (e.code && SYSTEM[e.code]) return `${e.path ?? ""}${e.path ? ": " : ""}${SYSTEM[e.code]}`;
  if (err instanceof UserError || err instanceof UsageError) return err.message;
  // numfuse's errors carry NumPy's exception names (ValueError, MemoryError, ...)
  return `${e.name}: ${e.message.split("\n")[0]}`;
}
