import WebSocket from 'ws';

/** A frame of the feed, as a test inspects it. */
export interface FeedFrame {
  readonly type: string;
  readonly auctionId?: string;
  readonly version?: number;
  // biome-ignore lint/suspicious/noExplicitAny: frames are inspected freely
  readonly view?: any;
}

/** A feed client on `base` (`ws://…/feed`) subscribed to `auctionIds`, collecting every frame with when it came. */
export const watchFeed = async (base: string, auctionIds: readonly string[]) => {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/feed`);
  const frames: { at: number; frame: FeedFrame }[] = [];
  socket.on('message', (data) => frames.push({ at: Date.now(), frame: JSON.parse(String(data)) }));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  for (const auctionId of auctionIds) socket.send(JSON.stringify({ type: 'subscribe', auctionId }));
  return { socket, frames };
};
