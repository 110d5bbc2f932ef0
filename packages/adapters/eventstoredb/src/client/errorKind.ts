/** How the adapter treats a client error. */
export type ErrorKind =
  | 'wrong-expected-version'
  | 'stream-not-found'
  | 'not-leader'
  | 'transient'
  | 'invalid-transaction'
  | 'other';

const TRANSIENT = new Set(['unavailable', 'deadline-exceeded', 'cancelled', 'timeout', 'unknown']);

/**
 * Classifies an error by its `type`: both clients give every error they raise one of the same `type`
 * strings (their `ErrorType`), robust across copies of the client packages.
 */
export const errorKind = (error: unknown): ErrorKind => {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'wrong-expected-version':
      return 'wrong-expected-version';
    case 'stream-not-found':
      return 'stream-not-found';
    case 'not-leader':
      return 'not-leader';
    case 'invalid-transaction':
      return 'invalid-transaction';
    default:
      return typeof type === 'string' && TRANSIENT.has(type) ? 'transient' : 'other';
  }
};
