/** Test-only: everything a JetStream stream holds, and the store's events, to compare them. */
import type { EventStore, RecordedEvent } from '@gavel/core';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** One stored message, as a checker sees it. */
export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Every message of the stream, by sequence (read one by one, 64 at a time). */
export const readStreamMessages = async (
  connection: NatsConnection,
  stream: string,
): Promise<StoredMessage[]> => {
  const jsm = await jetstreamManager(connection);
  const { state } = await jsm.streams.info(stream);
  const out: StoredMessage[] = [];
  for (let from = state.first_seq; from <= state.last_seq && state.messages > 0; from += 64) {
    const seqs = Array.from({ length: Math.min(64, state.last_seq - from + 1) }, (_, i) => from + i);
    const page = await Promise.all(seqs.map((seq) => jsm.streams.getMessage(stream, { seq })));
    for (const message of page) {
      if (message === null) continue;
      const headers: Record<string, string> = {};
      for (const key of message.header.keys()) headers[key] = message.header.get(key);
      out.push({ seq: message.seq, subject: message.subject, headers, body: message.string() });
    }
  }
  return out;
};

/** Every auction event of the store, in global order. */
export const readStoreEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const abort = new AbortController();
  for await (const message of store.subscribe({
    fromPosition: 0n,
    category: 'auction',
    signal: abort.signal,
  })) {
    if (message.type === 'caught-up') break;
    events.push(message.event);
  }
  abort.abort();
  return events;
};

/** The stream's message count. */
export const streamMessageCount = async (connection: NatsConnection, stream: string): Promise<number> => {
  const jsm = await jetstreamManager(connection);
  return (await jsm.streams.info(stream)).state.messages;
};
