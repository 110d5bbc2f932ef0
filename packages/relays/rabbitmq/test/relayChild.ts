/**
 * A relay in a child process, so that a test can SIGKILL it: a SQLite store on a file and
 * `createRabbitMqRelay` on it. Every message it publishes carries the header `X-Test-Relay: <tag>` (added
 * by its connect function), so that a test can tell which process published what. It prints `started`
 * once `start()` resolved, then its stats as one JSON line every 100 ms, and stops on SIGTERM.
 * Usage: node --import tsx relayChild.ts '<json of RelayChildOptions>'
 */
import { getSqliteEventStore } from '@gavel/sqlite';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { createRabbitMqRelay } from '../src/index';

/** What the test hands the child. */
export interface RelayChildOptions {
  readonly path: string;
  readonly url: string;
  readonly exchange: string;
  readonly tag: string;
  readonly partitions?: number;
  readonly leaseMs?: number;
}

const options = JSON.parse(process.argv[2] as string) as RelayChildOptions;

/** amqplib's connect, with the tag header added to every publish. */
const taggedConnect = async (): Promise<ChannelModel> => {
  const model = await connect(options.url, { timeout: 2_000 });
  const createConfirmChannel = model.createConfirmChannel.bind(model);
  model.createConfirmChannel = async (...args) => {
    const channel: ConfirmChannel = await createConfirmChannel(...args);
    const publish = channel.publish.bind(channel);
    channel.publish = (exchange, routingKey, content, properties, callback) =>
      publish(
        exchange,
        routingKey,
        content,
        { ...properties, headers: { ...properties?.headers, 'X-Test-Relay': options.tag } },
        callback,
      );
    return channel;
  };
  return model;
};

const store = getSqliteEventStore({ path: options.path });
const relay = createRabbitMqRelay({
  store,
  connection: taggedConnect,
  exchange: options.exchange,
  partitions: options.partitions ?? 1,
  leaseMs: options.leaseMs ?? 1_500,
  retry: { initialDelayMs: 50, maxDelayMs: 500 },
  confirmTimeoutMs: 3_000,
  onError: () => {},
});
const print = (): void => {
  process.stdout.write(
    `${JSON.stringify(relay.stats(), (_, value) => (typeof value === 'bigint' ? String(value) : value))}\n`,
  );
};
const ticker = setInterval(print, 100);
process.once('SIGTERM', () => {
  clearInterval(ticker);
  void relay
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
await relay.start();
process.stdout.write('started\n');
