import { type EventStore, isVersionConflictError } from '@gavel/core';

/**
 * The stream category recording ended sessions: `session-<sessionId>`. A session has a stream only once
 * it has ended (signed out), so "is this session over?" is one read of a stream that is usually empty,
 * and every instance on the store sees the answer.
 */
export const SESSION_CATEGORY = 'session';

/** The stream of one session. */
export const sessionStreamName = (sessionId: string): string => `${SESSION_CATEGORY}-${sessionId}`;

/** The one event of a session stream: the user signed out, and the session's cookie is refused from now on. */
export interface SessionEnded {
  readonly type: 'SessionEnded';
  readonly data: { readonly sessionId: string; readonly userId: string; readonly at: number };
}

/**
 * Records that a session ended. Idempotent: a session already ended stays as it was (the first
 * `SessionEnded` is the only one).
 */
export const recordSessionEnd = async (
  store: EventStore,
  ended: { readonly sessionId: string; readonly userId: string },
  at: number,
): Promise<void> => {
  const event: SessionEnded = { type: 'SessionEnded', data: { ...ended, at } };
  try {
    await store.appendToStream(sessionStreamName(ended.sessionId), [event], {
      expectedVersion: 'no_stream',
    });
  } catch (error) {
    if (!isVersionConflictError(error)) throw error;
  }
};

/** Whether a session has ended: its stream has an event. Reads the store every time. */
export const hasSessionEnded = async (store: EventStore, sessionId: string): Promise<boolean> => {
  const read = await store.readStream(sessionStreamName(sessionId), { maxCount: 1 });
  return read.events.length > 0;
};
