/**
 * Feed benchmark: 1 000 `ws` clients (in other processes) on loopback watch one auction while bids are
 * appended at a fixed rate. Measures the delivery lag from each append's acknowledgement (its
 * `appendToStream` resolving) to each client's receipt of the change, and the CPU the feed's process
 * spends per delivered message.
 *
 *   pnpm --filter @gavel/websocket bench [-- --clients 1000 --rate 200 --seconds 10 --processes 2]
 *
 * The bids are decided with `decide` and appended to the in-memory store directly (the bench is the only
 * writer, so it keeps the state itself): the lag measured is the feed's, not the command service's.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type AuctionCommand,
  type AuctionState,
  auctionStreamName,
  decide,
  fold,
  getInMemoryEventStore,
  initialState,
  minimumNextBid,
} from '@gavel/core';
import { createAuctionFeed } from '../src/index';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    clients: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    processes: { type: 'string', default: '2' },
    flush: { type: 'string', default: '0' },
  },
});
const clients = Number(values.clients);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const processes = Number(values.processes);
const bids = Math.round(rate * seconds);
const now = (): number => performance.timeOrigin + performance.now();
const AUCTION = 'bench-lot';

const store = getInMemoryEventStore();
const server = createServer((_request, response) => response.writeHead(404).end());
const feed = createAuctionFeed({
  store,
  secret: 'bench-secret',
  limits: { flushIntervalMs: Number(values.flush) },
});
feed.attach(server);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;

let state: AuctionState = initialState();
let version = 0;
const execute = async (command: AuctionCommand): Promise<number> => {
  const decision = decide(command, state, Date.now());
  if (!decision.ok) throw new Error(`${command.type} rejected: ${decision.code} ${decision.message}`);
  await store.appendToStream(auctionStreamName(AUCTION), decision.events, { expectedVersion: version });
  const acknowledged = now();
  state = fold(decision.events, state);
  version += decision.events.length;
  return acknowledged;
};

await execute({
  type: 'OpenAuction',
  data: {
    auctionId: AUCTION,
    sellerId: 'seller',
    currency: 'USD',
    startingPrice: 100,
    endsAt: Date.now() + 3_600_000,
    increments: [{ from: 0, increment: 1 }],
  },
});

// The clients, split over child processes.
const perProcess = Math.ceil(clients / processes);
const children: { child: ChildProcess; clients: number }[] = [];
const script = fileURLToPath(new URL('./feedClients.mjs', import.meta.url));
for (let p = 0; p < processes; p++) {
  const n = Math.min(perProcess, clients - p * perProcess);
  if (n <= 0) break;
  const child = fork(script, [url, AUCTION, String(n), String(bids + 1)], { serialization: 'advanced' });
  children.push({ child, clients: n });
}
const ready = await Promise.all(
  children.map(
    ({ child }) =>
      new Promise<number>((resolve) =>
        child.on(
          'message',
          (m: { type: string; version: number }) => m.type === 'ready' && resolve(m.version),
        ),
      ),
  ),
);
const base = ready[0] as number;
process.stderr.write(
  `${clients} clients subscribed at version ${base}; bidding ${bids} times at ${rate}/s\n`,
);

const results = children.map(
  ({ child }) =>
    new Promise<{ receipts: Float64Array; violations: number; received: number; cpuMicros: number }>(
      (resolve) => child.on('message', (m: { type: string }) => m.type === 'result' && resolve(m as never)),
    ),
);
for (const { child } of children) child.send({ type: 'start' });
const statsBefore = feed.stats();
const cpuBefore = process.cpuUsage();
const wallBefore = now();

// Bids at a fixed rate: bid i is due at start + i / rate; two bidders take turns at the minimum.
const acks = new Float64Array(bids + 1);
const start = now();
for (let i = 0; i < bids; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - now();
  // Each bid in its own turn of the event loop, as HTTP requests would come; never a burst of microtasks.
  await new Promise((resolve) => (wait > 1 ? setTimeout(resolve, wait) : setImmediate(resolve)));
  const amount = minimumNextBid(state) as number;
  const bidderId = i % 2 === 0 ? 'bidder-a' : 'bidder-b';
  acks[version + 1 - base - 1] = await execute({
    type: 'PlaceBid',
    data: { auctionId: AUCTION, bidderId, amount },
  });
}
const bidding = now() - start;
for (const { child } of children) child.send({ type: 'finish', version });
const collected = await Promise.all(results);
const cpu = process.cpuUsage(cpuBefore);
const wall = now() - wallBefore;
const statsAfter = feed.stats();

const lags: number[] = [];
let missing = 0;
let violations = 0;
let clientCpu = 0;
collected.forEach((result, p) => {
  const n = (children[p] as { clients: number }).clients;
  violations += result.violations;
  clientCpu += result.cpuMicros;
  for (let v = 0; v < bids; v++)
    for (let c = 0; c < n; c++) {
      const t = result.receipts[v * n + c] as number;
      if (t === 0) missing++;
      else lags.push(t - (acks[v] as number));
    }
});
lags.sort((a, b) => a - b);
const q = (p: number): number => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? Number.NaN;
const delivered = statsAfter.framesSent - statsBefore.framesSent;
const serverCpuMicros = cpu.user + cpu.system;
const fmt = (x: number, digits = 1): string => x.toFixed(digits);

process.stderr.write(
  `feed CPU user ${fmt(cpu.user / delivered, 2)} µs/message, system ${fmt(cpu.system / delivered, 2)} µs/message\n`,
);
process.stdout.write(
  `${[
    `| clients | bids/s (achieved) | bids | messages delivered | missing | out of order | lag p50 ms | lag p90 ms | lag p99 ms | lag max ms | feed CPU µs/message | clients CPU µs/message | feed CPU % |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${clients} | ${rate} (${fmt((bids * 1000) / bidding)}) | ${bids} | ${delivered} | ${missing} | ${violations} | ${fmt(q(0.5))} | ${fmt(q(0.9))} | ${fmt(q(0.99))} | ${fmt(lags.at(-1) ?? Number.NaN)} | ${fmt(serverCpuMicros / delivered, 2)} | ${fmt(clientCpu / delivered, 2)} | ${fmt((serverCpuMicros / 1000 / wall) * 100, 0)} |`,
  ].join('\n')}\n`,
);
await feed.close();
server.closeAllConnections();
server.close();
for (const { child } of children) child.kill();
