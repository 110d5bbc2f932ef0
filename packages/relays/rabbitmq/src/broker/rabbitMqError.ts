/**
 * Why a relay or a consumer could not talk to RabbitMQ. Each is handled by retrying (the relay handles
 * the same batch again, the consumer opens a new channel) and shown, while it lasts, in `stats()`:
 * - `'CONNECT_FAILED'`: no connection could be opened (the broker is down, unreachable, or refused the
 *   credentials).
 * - `'SETUP_FAILED'`: connected, but declaring the exchange (or the consumer's queue and bindings)
 *   failed, e.g. an exchange of that name exists with another type.
 * - `'CONNECTION_LOST'`: the connection or the channel closed while messages waited for their
 *   confirms or deliveries (a broker restart, a network failure, a channel error).
 * - `'PUBLISH_NACKED'`: the broker refused a message (`basic.nack`): an internal error of a queue, or a
 *   queue that rejects publishes when full.
 * - `'CONFIRM_TIMEOUT'`: the broker confirmed nothing for `confirmTimeoutMs` (a hung broker, a memory
 *   or disk alarm that blocks publishers); the channel is closed and the batch published again.
 * - `'HANDLER_FAILED'`: a consumer's `handle` (or its version check) threw: the message is not
 *   acknowledged; the consumer closes its channel, so that it comes again, in order, on the next one.
 * - `'MALFORMED_MESSAGE'`: a consumer got a message without the `Gavel-*` headers or a JSON body: it is
 *   acknowledged and dropped (it cannot be a relay's).
 */
export type RabbitMqErrorCode =
  | 'CONNECT_FAILED'
  | 'SETUP_FAILED'
  | 'CONNECTION_LOST'
  | 'PUBLISH_NACKED'
  | 'CONFIRM_TIMEOUT'
  | 'HANDLER_FAILED'
  | 'MALFORMED_MESSAGE';

/**
 * A failure to talk to RabbitMQ, with the driver's error as `cause`. The relay throws it from its
 * processor's handler (so the processor's `onError` gets it as `cause` and retries the batch); both the
 * relay and the consumer keep the last one in `stats()`. Tell the cases apart by `code`.
 */
export class RabbitMqError extends Error {
  override readonly name = 'RabbitMqError';
  /** What went wrong: see {@link RabbitMqErrorCode}. */
  readonly code: RabbitMqErrorCode;

  /**
   * @param code - what went wrong
   * @param message - a sentence for the log
   * @param options - `cause`: the driver's error
   */
  constructor(code: RabbitMqErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** True for a {@link RabbitMqError}, also one made by another copy of this package. */
export const isRabbitMqError = (error: unknown): error is RabbitMqError =>
  error instanceof RabbitMqError ||
  (error instanceof Error &&
    error.name === 'RabbitMqError' &&
    typeof (error as { code?: unknown }).code === 'string');

/** A failure as `stats()` shows it: its code, its sentence and when it happened (epoch ms). */
export interface RabbitMqFailure {
  /** What went wrong: see {@link RabbitMqErrorCode}. */
  readonly code: RabbitMqErrorCode;
  /** A sentence for the log. */
  readonly message: string;
  /** When it happened, epoch ms. */
  readonly at: number;
}

/** The thrown value as text, for a message. */
export const causeText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
