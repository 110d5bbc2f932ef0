import type { Options } from 'amqplib';

/** One message as the relay publishes it: its routing key, body and AMQP properties. */
export interface RelayMessage {
  /** The stream it comes from: messages of one stream are published one after the other, in order. */
  readonly streamName: string;
  readonly routingKey: string;
  /** UTF-8 JSON. */
  readonly content: Buffer;
  /** Persistent, `message-id` `<streamName>@<streamVersion>`, the `Gavel-*` headers. */
  readonly properties: Options.Publish;
}
