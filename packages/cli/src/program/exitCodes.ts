/** The exit codes of `gavel`: 1 means findings, and only that. */
export const EXIT = Object.freeze({
  /** Done; verify found nothing. */
  OK: 0,
  /** Verify found something. */
  FINDINGS: 1,
  /** A usage error, an unknown auction or a store error. */
  USAGE: 2,
  /** An unexpected internal error (a bug): never 1. */
  INTERNAL: 3,
});

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
