import type { Duplex } from 'node:stream';
import type { FeedStats } from './feedStats';

/** Which cap an upgrade would pass: the feed's total (answered 503) or its address's (answered 429). */
export type CapReached = 'total' | 'address';

/** The open connections of a feed, in all and per client address, against their caps. */
export interface ConnectionCaps {
  /**
   * Takes a slot for a connection from `address` on `socket` (not yet destroyed), given back when the
   * socket closes: the WebSocket closed, or its handshake failed. Returns null when taken, else the cap
   * that is reached (the total first).
   */
  readonly admit: (address: string, socket: Duplex) => CapReached | null;
}

/** What the caps need: the limits, and the stats they keep current. */
export interface ConnectionCapsContext {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly stats: FeedStats;
}

/** Creates the connection caps of a feed (see `limits.maxConnections`, `limits.maxConnectionsPerAddress`). */
export const createConnectionCaps = (context: ConnectionCapsContext): ConnectionCaps => {
  const { maxConnections, maxConnectionsPerAddress, stats } = context;
  const perAddress = new Map<string, number>();
  let total = 0;

  const release = (address: string): void => {
    total--;
    const held = perAddress.get(address) ?? 1;
    if (held <= 1) perAddress.delete(address);
    else perAddress.set(address, held - 1);
    stats.addresses = perAddress.size;
  };

  return {
    admit: (address, socket) => {
      if (total >= maxConnections) {
        stats.refusedOverTotalCap++;
        return 'total';
      }
      const held = perAddress.get(address) ?? 0;
      if (held >= maxConnectionsPerAddress) {
        stats.refusedOverAddressCap++;
        return 'address';
      }
      total++;
      perAddress.set(address, held + 1);
      stats.addresses = perAddress.size;
      socket.once('close', () => release(address));
      return null;
    },
  };
};
