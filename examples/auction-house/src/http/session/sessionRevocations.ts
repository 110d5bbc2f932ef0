import type { EventStore } from '@gavel/core';
import { hasSessionEnded, recordSessionEnd } from '../../streams/sessionStream';
import type { SessionClaims } from './sessionCookie';

/** Signed-out sessions: recorded in the store, so that every instance on it refuses their cookies. */
export interface SessionRevocations {
  /** Records that a session ended (idempotent); from the next request on, every instance refuses its cookie. */
  revoke(claims: SessionClaims, at: number): Promise<void>;
  /**
   * Whether a session has ended. A session known to have ended answers from memory; any other is read
   * from the store on every call (never cached as "still valid"), so a sign-out on another instance
   * counts from the very next request.
   */
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Options of {@link createSessionRevocations}. */
export interface SessionRevocationsOptions {
  readonly store: EventStore;
  /** Ended sessions remembered in memory, least recently seen dropped first. Default 10 000. */
  readonly cacheSize?: number;
}

/**
 * Creates the revocation check of sessions on a store (`session-<sessionId>` streams, see
 * `sessionStream.ts`), with a bounded cache of ended sessions: an ended session never comes back, so
 * a cookie refused once is refused again without a read.
 */
export const createSessionRevocations = ({
  store,
  cacheSize = 10_000,
}: SessionRevocationsOptions): SessionRevocations => {
  const ended = new Map<string, true>();
  const remember = (sessionId: string): void => {
    ended.delete(sessionId);
    ended.set(sessionId, true);
    if (ended.size > cacheSize) ended.delete(ended.keys().next().value as string);
  };
  return {
    revoke: async (claims, at) => {
      await recordSessionEnd(store, { sessionId: claims.sessionId, userId: claims.userId }, at);
      remember(claims.sessionId);
    },
    isRevoked: async (sessionId) => {
      if (ended.has(sessionId)) {
        remember(sessionId);
        return true;
      }
      if (!(await hasSessionEnded(store, sessionId))) return false;
      remember(sessionId);
      return true;
    },
  };
};
