import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Options of {@link connectionLimits}. */
export interface ConnectionLimitsOptions {
  /** Open connections in all (HTTP and feed); a new one past it is closed at once (`server.maxConnections`). */
  readonly maxConnections: number;
  /** Open connections from one client address (the TCP peer); a new one past it is closed at once. */
  readonly maxConnectionsPerAddress: number;
}

/** The TCP peer's address, an IPv4-mapped IPv6 address as its IPv4 form. */
const peerOf = (socket: Socket): string => (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');

/**
 * Caps the server's open connections, in all and per client address. A connection past either cap is
 * closed as soon as it is accepted, before a byte is read: an answer would have to wait for the request,
 * which is what a client holding connections open never finishes sending. WebSocket connections of the
 * feed count too (they are the same TCP connections); the feed has caps of its own on top.
 */
export const connectionLimits = fp(
  async (app: FastifyInstance, options: ConnectionLimitsOptions): Promise<void> => {
    const server = app.server;
    server.maxConnections = options.maxConnections;
    const openPerAddress = new Map<string, number>();
    const onConnection = (socket: Socket): void => {
      const peer = peerOf(socket);
      const open = openPerAddress.get(peer) ?? 0;
      if (open >= options.maxConnectionsPerAddress) {
        socket.destroy();
        return;
      }
      openPerAddress.set(peer, open + 1);
      socket.once('close', () => {
        const left = (openPerAddress.get(peer) ?? 1) - 1;
        if (left <= 0) openPerAddress.delete(peer);
        else openPerAddress.set(peer, left);
      });
    };
    server.on('connection', onConnection);
    app.addHook('onClose', async () => {
      server.off('connection', onConnection);
    });
  },
  { name: 'gavel-connection-limits' },
);
