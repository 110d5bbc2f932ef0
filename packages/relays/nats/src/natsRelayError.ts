/** What went wrong between a relay (or a consumer) and JetStream. */
export type NatsRelayErrorCode =
  /** No acknowledgement within the timeout: the message may or may not be stored (a re-send is deduplicated). */
  | 'PUBLISH_TIMEOUT'
  /** Nobody answered: the server is down or restarting, JetStream is off, or no stream takes the subject. */
  | 'NO_RESPONDERS'
  /** The connection is closed for good (the caller closed it, or it gave up reconnecting): nothing more can be sent on it. */
  | 'CONNECTION_CLOSED'
  /** JetStream answered with an error (e.g. the stream is full, or no leader during an election); `apiCode` says which. */
  | 'PUBLISH_REJECTED'
  /** The stream exists but cannot hold the relay's messages as promised (its subjects or duplicate window); see the message. */
  | 'STREAM_MISCONFIGURED'
  /** Any other failure of the client or the server; `cause` holds it. */
  | 'BROKER_ERROR';

/**
 * A failure between a relay and JetStream, as data: a `code` to match on, a sentence, and the driver's
 * error as `cause`. A relay throws it from its handler, so the processor retries the batch with backoff
 * (never skipping it) and shows it in `stats().lastRelayError`.
 */
export class NatsRelayError extends Error {
  override readonly name = 'NatsRelayError';
  readonly code: NatsRelayErrorCode;
  /** For `PUBLISH_REJECTED` and some `STREAM_MISCONFIGURED`: JetStream's own error code (e.g. 10077). */
  readonly apiCode: number | undefined;

  constructor(
    code: NatsRelayErrorCode,
    message: string,
    options: { cause?: unknown; apiCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.apiCode = options.apiCode;
  }
}

/** True for a {@link NatsRelayError}, also one made by another copy of this package. */
export const isNatsRelayError = (error: unknown): error is NatsRelayError =>
  error instanceof NatsRelayError ||
  (error instanceof Error &&
    error.name === 'NatsRelayError' &&
    typeof (error as { code?: unknown }).code === 'string');

const causeText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The JetStream API error code of a `JetStreamApiError` (matched by its name: the driver may be loaded twice). */
export const apiCodeOf = (error: unknown): number | undefined => {
  if (!(error instanceof Error)) return undefined;
  if (!['JetStreamApiError', 'StreamNotFoundError', 'ConsumerNotFoundError'].includes(error.name))
    return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

const noResponders = (error: unknown, doing: string): NatsRelayError =>
  new NatsRelayError(
    'NO_RESPONDERS',
    `${doing}: no responders (the server is unreachable or restarting, JetStream is off, or no stream takes the subject)`,
    { cause: error },
  );

/**
 * Sorts a driver error into a {@link NatsRelayError}, by the error's type (its `name`, which every class
 * of the NATS client sets) and JetStream's error code, never by its message. `doing` says what failed.
 */
export const toNatsRelayError = (error: unknown, doing: string): NatsRelayError => {
  if (isNatsRelayError(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const text = `${doing} failed: ${causeText(error)}`;
  switch (name) {
    case 'TimeoutError':
      return new NatsRelayError('PUBLISH_TIMEOUT', `${doing}: no answer from JetStream in time`, {
        cause: error,
      });
    case 'NoResponders':
    case 'JetStreamNotEnabled':
      return noResponders(error, doing);
    case 'ClosedConnectionError':
    case 'DrainingConnectionError':
      return new NatsRelayError('CONNECTION_CLOSED', `${doing}: the NATS connection is closed`, {
        cause: error,
      });
    case 'RequestError': {
      const inner = (error as { cause?: unknown }).cause;
      if (inner instanceof Error && inner.name === 'NoResponders') return noResponders(error, doing);
      return new NatsRelayError('BROKER_ERROR', text, { cause: error });
    }
    default: {
      const apiCode = apiCodeOf(error);
      if (apiCode !== undefined)
        return new NatsRelayError('PUBLISH_REJECTED', text, { cause: error, apiCode });
      return new NatsRelayError('BROKER_ERROR', text, { cause: error });
    }
  }
};
