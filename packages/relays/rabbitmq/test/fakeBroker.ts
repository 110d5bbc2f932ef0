import { EventEmitter } from 'node:events';
import type { ChannelModel, Options } from 'amqplib';

/** A message the fake broker received. */
export interface FakePublished {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish;
  /** The connection it came on (1 for the first). */
  readonly connection: number;
}

/** What the fake broker does with a message: confirm it, refuse it, or keep it unconfirmed until `release`. */
export type FakeVerdict = 'ack' | 'nack' | 'hold';

/**
 * A broker in memory for unit tests, handed to a relay as its `connection` function: it records what
 * is published and confirms each message on the next turn (or as `verdict` says). `fail` makes the
 * next connects fail; `drop` closes the open connection as a broker restart would.
 */
export const createFakeBroker = (verdict: (message: FakePublished) => FakeVerdict = () => 'ack') => {
  const published: FakePublished[] = [];
  const held: (() => void)[] = [];
  const exchanges = new Set<string>();
  const models: EventEmitter[] = [];
  let failConnects = 0;
  let connections = 0;
  let inFlight = 0;
  let mostInFlight = 0;

  const openChannel = (model: EventEmitter, number: number) => {
    const channel = new EventEmitter();
    const pending = new Set<(error: Error | null) => void>();
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      const error = new Error('channel closed');
      for (const callback of [...pending]) callback(error);
      pending.clear();
      channel.emit('close');
    };
    model.on('close', close);
    Object.assign(channel, {
      assertExchange: async (name: string) => {
        exchanges.add(name);
        return { exchange: name };
      },
      publish: (
        exchange: string,
        routingKey: string,
        content: Buffer,
        properties: Options.Publish,
        callback: (error: Error | null) => void,
      ) => {
        if (closed) throw new Error('Channel closed');
        const message = { exchange, routingKey, content, properties, connection: number };
        published.push(message);
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const settle = (error: Error | null): void => {
          if (!pending.delete(settle)) return;
          inFlight--;
          callback(error);
        };
        pending.add(settle);
        const what = verdict(message);
        if (what === 'hold') held.push(() => settle(null));
        else setImmediate(() => settle(what === 'nack' ? new Error('message nacked') : null));
        return true;
      },
      close: async () => close(),
    });
    return channel;
  };

  const connect = async (): Promise<ChannelModel> => {
    if (failConnects > 0) {
      failConnects--;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    }
    const number = ++connections;
    const model = new EventEmitter();
    let closed = false;
    Object.assign(model, {
      connection: {},
      createConfirmChannel: async () => openChannel(model, number),
      createChannel: async () => openChannel(model, number),
      close: async () => {
        if (closed) return;
        closed = true;
        model.emit('close');
      },
    });
    models.push(model);
    return model as unknown as ChannelModel;
  };

  return {
    connect,
    published,
    exchanges,
    /** Confirms every held message. */
    release: (): void => {
      for (const settle of held.splice(0)) settle();
    },
    /** Makes the next `count` connects fail. */
    failNextConnects: (count: number): void => {
      failConnects = count;
    },
    /** Closes every open connection, as a broker that stops. */
    drop: (): void => {
      for (const model of models.splice(0)) model.emit('close', new Error('CONNECTION_FORCED'));
    },
    connections: (): number => connections,
    mostInFlight: (): number => mostInFlight,
  };
};

/** The JSON body of a published message. */
export const bodyOf = (message: FakePublished): Record<string, unknown> =>
  JSON.parse(message.content.toString('utf8')) as Record<string, unknown>;
