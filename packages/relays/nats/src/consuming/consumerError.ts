/** What went wrong in a consumer. */
export type NatsConsumerErrorCode =
  /** The handler threw: the message is handled again after a backoff. */
  | 'HANDLER_FAILED'
  /** A message is not a Gavel message: it is terminated (never delivered again). */
  | 'DECODE_FAILED'
  /** Setting up or pulling from the durable consumer failed (the server is down, the stream is missing): tried again. */
  | 'CONSUMER_FAILED';

/** A failure a consumer met and handled, reported to `onError` as data: never thrown at the caller. */
export interface NatsConsumerError {
  readonly code: NatsConsumerErrorCode;
  /** A sentence for the log. */
  readonly message: string;
  /** The durable consumer's name. */
  readonly durable: string;
  /** The message's stream sequence, when one is concerned. */
  readonly streamSequence?: number;
  /** How many times in a row this failed (1 for the first). */
  readonly attempt?: number;
  /** The error thrown. */
  readonly cause?: unknown;
}

/** The default `onError`: one line on stderr. */
export const logConsumerError = (error: NatsConsumerError): void => {
  console.error(`[gavel nats consumer ${error.durable}] ${error.code}: ${error.message}`);
};

/** What a consumer's `stats()` answers. */
export interface NatsConsumerStats {
  readonly durable: string;
  readonly stream: string;
  /** True from `start()` until `stop()`, while pulling messages. */
  readonly consuming: boolean;
  /** Messages handled and acknowledged since `start()`. */
  readonly handled: number;
  /** Of those, messages JetStream delivered again. */
  readonly redelivered: number;
  /** Messages acknowledged without calling the handler: Gavel events of a type this code does not know. */
  readonly skipped: number;
  /** Messages terminated because they were not Gavel messages. */
  readonly terminated: number;
  /** The last failure, while it lasts. */
  readonly lastError?: {
    readonly code: NatsConsumerErrorCode;
    readonly message: string;
    readonly at: number;
  };
}
