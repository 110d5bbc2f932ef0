import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { ConnectionCaps } from './connectionCaps';
import { refuseUpgrade } from './refuseUpgrade';

/** What the upgrade listener needs from its feed. */
export interface FeedUpgradeContext {
  /** The URL path the feed answers on. */
  readonly path: string;
  readonly wss: WebSocketServer;
  readonly caps: ConnectionCaps;
}

const TOTAL_REACHED = 'the feed has too many connections; try again later';
const ADDRESS_REACHED = 'too many connections from your address; close one or try again later';

const pathOf = (request: IncomingMessage): string => {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * The feed's `upgrade` listener on one server. An upgrade at the feed's path takes a slot of the
 * connection caps or is refused before the handshake: `503` when the feed is full, `429` when its
 * address is; one elsewhere is left to the server's other `upgrade` listeners (answered `404` when
 * there are none).
 */
export const feedUpgradeListener =
  (server: Server, context: FeedUpgradeContext) =>
  (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { path, wss, caps } = context;
    if (pathOf(request) !== path) {
      // Nobody else listens: answer rather than leave the socket hanging.
      if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, '');
      return;
    }
    if (socket.destroyed) return;
    const reached = caps.admit(request.socket.remoteAddress ?? '', socket);
    if (reached === null)
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, socket));
    else if (reached === 'total') refuseUpgrade(socket, 503, TOTAL_REACHED);
    else refuseUpgrade(socket, 429, ADDRESS_REACHED);
  };
