import type { Message } from 'amqplib';
import { POSITION_HEADER, STREAM_HEADER, VERSION_HEADER } from '../message/relayHeaders';

/** A message of a relay, read: where its event stands in the store, and its parsed body. */
export interface RelayedMessage<TBody = unknown> {
  /** `<streamName>@<streamVersion>`. */
  readonly messageId: string;
  /** `<event type>.<auction token>` (`change.<auction token>` from a public relay). */
  readonly routingKey: string;
  /** `Gavel-Stream`: the auction's stream, `auction-<auctionId>`. */
  readonly streamName: string;
  /** `Gavel-Version`: the event's stream version. */
  readonly version: number;
  /** `Gavel-Position`: the event's global position in the store. */
  readonly position: bigint;
  /**
   * The JSON body: the event's JSON form (`RecordedEventJson`, turned back into an event by
   * `recordedEventFromJson`) from an internal relay, the feed's `change` frame (`PublicChangeBody`)
   * from a public one.
   */
  readonly body: TBody;
  /** True when RabbitMQ delivered it before (to this consumer or another). */
  readonly redelivered: boolean;
}

/** What {@link readRelayedMessage} answers: the message, or why it is not a relay's. */
export type ReadRelayedMessageResult<TBody> =
  | { readonly ok: true; readonly message: RelayedMessage<TBody> }
  | { readonly ok: false; readonly problem: string };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;

const integer = (value: unknown): number | undefined => {
  const number =
    typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 1 ? number : undefined;
};

/**
 * Reads an amqplib message of a relay: its `Gavel-*` headers and its JSON body. Answers a problem
 * instead for a message that is not a relay's (a header missing or malformed, a body that is not JSON).
 */
export const readRelayedMessage = <TBody = unknown>(message: Message): ReadRelayedMessageResult<TBody> => {
  const headers = message.properties.headers ?? {};
  const streamName = text(headers[STREAM_HEADER]);
  if (streamName === undefined || streamName === '')
    return { ok: false, problem: `no ${STREAM_HEADER} header` };
  const version = integer(headers[VERSION_HEADER]);
  if (version === undefined) return { ok: false, problem: `no positive integer ${VERSION_HEADER} header` };
  const positionText = text(headers[POSITION_HEADER]) ?? '';
  if (!/^\d{1,19}$/.test(positionText)) return { ok: false, problem: `no ${POSITION_HEADER} header` };
  let body: TBody;
  try {
    body = JSON.parse(message.content.toString('utf8')) as TBody;
  } catch {
    return { ok: false, problem: 'the body is not JSON' };
  }
  return {
    ok: true,
    message: {
      messageId: text(message.properties.messageId) ?? `${streamName}@${version}`,
      routingKey: message.fields.routingKey,
      streamName,
      version,
      position: BigInt(positionText),
      body,
      redelivered: message.fields.redelivered,
    },
  };
};
