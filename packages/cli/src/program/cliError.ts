/** Why a command could not run; each exits 2 with a one-line message. */
export type CliErrorCode = 'USAGE' | 'INVALID_STORE_URL' | 'STORE_UNAVAILABLE' | 'UNKNOWN_AUCTION';

/** An expected failure of a command, shown as one line on stderr (never a stack). */
export class CliError extends Error {
  /** What went wrong. */
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }
}
