// TEMPORARY stand-in until @gavel/websocket exports createAuctionFeed; then this file re-exports it.
import type { Server } from 'node:http';
import { auctionStreamName, type EventStore } from '@gavel/core';
import { WebSocket, WebSocketServer } from 'ws';
import { createBidderMask } from './bidderMask';
import { publicSnapshot } from './projection';

/** The live public feed. */
export const createAuctionFeed = ({
  store,
  secret,
  path = '/feed',
}: {
  store: EventStore;
  secret: string;
  path?: string;
}) => {
  const mask = createBidderMask(secret);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 65_536 });
  const watchers = new Map<string, Set<WebSocket>>();
  const abort = new AbortController();
  const snapshotOf = async (auctionId: string) =>
    publicSnapshot((await store.readStream(auctionStreamName(auctionId))).events, mask);
  wss.on('connection', (socket) => {
    socket.on('message', async (raw) => {
      let message: { type?: unknown; auctionId?: unknown };
      try {
        message = JSON.parse(String(raw));
      } catch {
        socket.send(JSON.stringify({ type: 'error', code: 'INVALID_MESSAGE', message: 'not JSON' }));
        return;
      }
      if (typeof message.auctionId !== 'string') {
        socket.send(JSON.stringify({ type: 'error', code: 'INVALID_MESSAGE', message: 'auctionId' }));
        return;
      }
      const auctionId = message.auctionId;
      if (message.type === 'unsubscribe') {
        watchers.get(auctionId)?.delete(socket);
        return;
      }
      const snapshot = await snapshotOf(auctionId);
      if (snapshot === null) {
        socket.send(JSON.stringify({ type: 'error', code: 'AUCTION_NOT_FOUND', message: 'no such auction' }));
        return;
      }
      let set = watchers.get(auctionId);
      if (set === undefined) {
        set = new Set();
        watchers.set(auctionId, set);
      }
      set.add(socket);
      socket.send(JSON.stringify({ type: 'snapshot', ...snapshot }));
    });
    socket.on('close', () => {
      for (const set of watchers.values()) set.delete(socket);
    });
  });
  (async () => {
    for await (const message of store.subscribe({
      category: 'auction',
      fromPosition: 0n,
      signal: abort.signal,
    })) {
      if (message.type !== 'event') continue;
      const auctionId = message.event.streamName.slice('auction-'.length);
      const set = watchers.get(auctionId);
      if (set === undefined || set.size === 0) continue;
      const all = (
        await store.readStream(auctionStreamName(auctionId), { maxCount: message.event.streamVersion })
      ).events;
      const snapshot = publicSnapshot(all, mask);
      if (snapshot === null) continue;
      const entry = snapshot.history.at(-1);
      const frame = JSON.stringify({
        type: 'change',
        auctionId,
        version: snapshot.version,
        view: snapshot.view,
        ...(entry?.version === snapshot.version ? { entry } : {}),
      });
      for (const socket of set) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    }
  })().catch(() => undefined);
  return {
    attach: (server: Server) => {
      server.on('upgrade', (request, socket, head) => {
        if (new URL(request.url ?? '/', 'http://x').pathname !== path) return socket.destroy();
        wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
      });
    },
    close: async () => {
      abort.abort();
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
};
