import { type Channel, type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import type { RabbitMqConnection } from './rabbitMqConnection';
import { causeText, RabbitMqError } from './rabbitMqError';

/** One connection and its channel, from the connect to the first failure. */
export interface BrokerSession<C extends Channel> {
  readonly channel: C;
  /** True once the channel or its connection closed: nothing more can be done with it. */
  readonly closed: boolean;
  /** Resolves once amqplib's write buffer has room again (after a `publish` that answered false). */
  writable(): Promise<void>;
}

/** A connection to RabbitMQ, opened on demand and opened again after it was lost. */
export interface BrokerLink<C extends Channel> {
  /** The open session, connecting (and declaring) first when there is none. */
  session(): Promise<BrokerSession<C>>;
  /** Gives a session up (a confirm timeout, a failed handler): its connection is closed, the next `session()` opens another. */
  discard(session: BrokerSession<C>): Promise<void>;
  /** Closes the connection for good. */
  close(): Promise<void>;
  /** Whether a session is open now, whether the broker blocks publishers, how many connections were opened. */
  state(): { readonly connected: boolean; readonly blocked: boolean; readonly connects: number };
}

/** Options of {@link createBrokerLink}. */
export interface BrokerLinkOptions<C extends Channel> {
  readonly connection: RabbitMqConnection;
  /** Opens the session's channel on a new connection. */
  readonly openChannel: (model: ChannelModel) => Promise<C>;
  /** Declares what the session needs (exchange, queue, bindings) on its new channel. */
  readonly setup: (channel: C) => Promise<void>;
  /** The longest wait for a TCP connection and the AMQP handshake, in ms. */
  readonly connectTimeoutMs: number;
  /** Shown by the broker as the connection's name (management UI, `rabbitmqctl list_connections`). */
  readonly connectionName: string;
  /** Called when an open session closes by itself (not by `discard` or `close`). */
  readonly onLost?: (error: unknown) => void;
}

interface SessionState<C extends Channel> extends BrokerSession<C> {
  closed: boolean;
  readonly model: ChannelModel;
}

/** Closes a connection, giving up after a while (a hung broker never answers `close-ok`). */
const closeModel = async (model: ChannelModel, waitMs: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), waitMs);
  });
  const outcome = await Promise.race([model.close().catch(() => 'failed' as const), gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') (model.connection as { stream?: { destroy?: () => void } }).stream?.destroy?.();
};

/** Opens an amqplib connection as {@link RabbitMqConnection} says. */
const openModel = (options: BrokerLinkOptions<Channel>): Promise<ChannelModel> => {
  const { connection } = options;
  if (typeof connection === 'function') return connection();
  return connect(connection, {
    timeout: options.connectTimeoutMs,
    clientProperties: { connection_name: options.connectionName },
  });
};

/**
 * Creates the connection keeper shared by the relay and the consumer: one connection with one channel,
 * opened at the first `session()`, declared by `setup`, and closed whole at the first error of either
 * (a channel error closes the connection too, so that the next session starts clean and declares again).
 * It does not retry by itself: its callers retry with their backoff (the processor's, the consumer's).
 */
export const createBrokerLink = <C extends Channel>(options: BrokerLinkOptions<C>): BrokerLink<C> => {
  let current: SessionState<C> | undefined;
  let opening: Promise<SessionState<C>> | undefined;
  let blocked = false;
  let connects = 0;
  let closing = false;

  const open = async (): Promise<SessionState<C>> => {
    let model: ChannelModel;
    try {
      model = await openModel(options as unknown as BrokerLinkOptions<Channel>);
    } catch (error) {
      throw new RabbitMqError('CONNECT_FAILED', `connecting to RabbitMQ failed: ${causeText(error)}`, {
        cause: error,
      });
    }
    connects++;
    let channel: C;
    const session: SessionState<C> = {
      closed: false,
      model,
      get channel() {
        return channel;
      },
      writable: () =>
        session.closed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const done = (): void => {
                channel.off('drain', done);
                channel.off('close', done);
                resolve();
              };
              channel.on('drain', done);
              channel.on('close', done);
            }),
    };
    const lost = (error?: unknown): void => {
      if (session.closed) return;
      session.closed = true;
      if (current === session) current = undefined;
      void closeModel(model, 1_000);
      if (!closing) options.onLost?.(error);
    };
    model.on('error', (error: unknown) => lost(error));
    model.on('close', (error?: unknown) => lost(error));
    model.on('blocked', () => {
      blocked = true;
    });
    model.on('unblocked', () => {
      blocked = false;
    });
    try {
      channel = await options.openChannel(model);
      channel.on('error', (error: unknown) => lost(error));
      channel.on('close', () => lost(new Error('the channel closed')));
    } catch (error) {
      lost(error);
      throw new RabbitMqError('CONNECT_FAILED', `opening a channel failed: ${causeText(error)}`, {
        cause: error,
      });
    }
    try {
      await options.setup(channel);
    } catch (error) {
      lost(error);
      throw new RabbitMqError('SETUP_FAILED', `declaring on RabbitMQ failed: ${causeText(error)}`, {
        cause: error,
      });
    }
    if (session.closed)
      throw new RabbitMqError('CONNECTION_LOST', 'the connection closed while it was set up');
    return session;
  };

  const session = (): Promise<BrokerSession<C>> => {
    if (closing) return Promise.reject(new RabbitMqError('CONNECTION_LOST', 'the connection was closed'));
    if (current !== undefined && !current.closed) return Promise.resolve(current);
    opening ??= open().then(
      (opened) => {
        opening = undefined;
        blocked = false;
        if (closing) {
          void closeModel(opened.model, 1_000);
          throw new RabbitMqError('CONNECTION_LOST', 'the connection was closed');
        }
        current = opened;
        return opened;
      },
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  const discard = async (given: BrokerSession<C>): Promise<void> => {
    const state = given as SessionState<C>;
    if (current === state) current = undefined;
    if (state.closed) return;
    state.closed = true;
    await closeModel(state.model, 1_000);
  };

  const close = async (): Promise<void> => {
    closing = true;
    const last = current ?? (await opening?.catch(() => undefined));
    current = undefined;
    if (last !== undefined && !last.closed) {
      last.closed = true;
      await closeModel(last.model, 2_000);
    }
  };

  return {
    session,
    discard,
    close,
    state: () => ({ connected: current !== undefined && !current.closed, blocked, connects }),
  };
};

/** Opens a channel with publisher confirms. */
export const openConfirmChannel = (model: ChannelModel): Promise<ConfirmChannel> =>
  model.createConfirmChannel();
