import { connect, type Socket } from 'node:net';

/** A plain TCP connection to a test server, for requests no HTTP client would send (slow, partial). */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  readonly received: () => string;
  /** Resolves with the time (Date.now) the connection closed, from either side. */
  readonly closed: Promise<number>;
  /** Whether the connection has closed. */
  readonly isClosed: () => boolean;
}

/** Connects to the host and port of `url` (`http://127.0.0.1:1234`); resolves once connected. */
export const openRawConnection = async (url: string): Promise<RawConnection> => {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  let text = '';
  let closedFlag = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      closedFlag = true;
      resolve(Date.now());
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received: () => text, closed, isClosed: () => closedFlag };
};

/** Writes one chunk every `everyMs` until the connection closes or `chunks` run out; resolves then. */
export const trickle = async (connection: RawConnection, chunks: readonly string[], everyMs: number) => {
  for (const chunk of chunks) {
    if (connection.isClosed()) return;
    connection.socket.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};
