import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy in front of a server, which a test can freeze, cut or refuse, to fake a sick database. */
export interface TcpProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Stops forwarding in both directions (bytes are held, connections stay open): a frozen server. */
  readonly freeze: () => void;
  /** Forwards again, the held bytes first. */
  readonly thaw: () => void;
  /** Destroys every open connection (a server restart, seen from the client). */
  readonly cut: () => void;
  /** Refuses new connections (closes them at once) while true. */
  readonly refuse: (refusing: boolean) => void;
  /** How many connections are open. */
  readonly connections: () => number;
  readonly close: () => Promise<void>;
}

/** Starts a {@link TcpProxy} to `target` (host:port) on a free port. */
export const startTcpProxy = async (targetHost: string, targetPort: number): Promise<TcpProxy> => {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  /** Bytes held while frozen, per destination, in order. */
  const held: Array<{ to: Socket; chunk: Buffer }> = [];
  let frozen = false;
  let refusing = false;

  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (frozen) held.push({ to, chunk });
      else to.write(chunk);
    });
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    forward(client, upstream);
    forward(upstream, client);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');

  return {
    port: address.port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
    },
    cut: () => {
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      held.length = 0;
    },
    refuse: (value) => {
      refusing = value;
    },
    connections: () => pairs.size,
    close: async () => {
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
