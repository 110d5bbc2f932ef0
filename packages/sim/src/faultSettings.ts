/**
 * How often each fault strikes, as a probability per store call (per delivered message for the
 * subscription), while faults are on. Every fault is one the port documents (`EventStoreError`).
 */
export interface FaultSettings {
  /** `UNAVAILABLE` before the call reached the database: nothing done. */
  readonly unavailable: number;
  /** `BUSY` (appends only): the write lock was not had; nothing written. */
  readonly busy: number;
  /** `TIMEOUT` before the call reached the database: `mayHaveWritten` false, nothing done. */
  readonly timeout: number;
  /** `TIMEOUT` after the database may have done it: `mayHaveWritten` true, done or not (a coin flip). */
  readonly timeoutMayHaveWritten: number;
  /** A slow call: answered 0.5 to 4 s later (longer than the service's deadline, the leases). */
  readonly slow: number;
  /** A call answered 1 to 60 ms later instead of at once: completions come back in another order. */
  readonly delayed: number;
  /** The subscription drops (`UNAVAILABLE`) before a message. */
  readonly subscriptionDrop: number;
}

/** No fault at all. */
export const NO_FAULTS: FaultSettings = Object.freeze({
  unavailable: 0,
  busy: 0,
  timeout: 0,
  timeoutMayHaveWritten: 0,
  slow: 0,
  delayed: 0,
  subscriptionDrop: 0,
});

/** Scales every probability by `scale` (0 to 1 of {@link MAX_FAULTS}). */
export const faultSettings = (scale: number): FaultSettings => ({
  unavailable: 0.04 * scale,
  busy: 0.02 * scale,
  timeout: 0.02 * scale,
  timeoutMayHaveWritten: 0.04 * scale,
  slow: 0.02 * scale,
  delayed: 0.4 * scale,
  subscriptionDrop: 0.01 * scale,
});

/** The most faults a run draws: {@link faultSettings} at scale 1. */
export const MAX_FAULTS: FaultSettings = faultSettings(1);
