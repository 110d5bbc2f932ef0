// Bench-only child process: opens N `ws` clients on the feed, subscribes each to one auction, and records
// when each client receives each change (epoch ms, high resolution). Reports to the parent over IPC.
import { WebSocket } from 'ws';

const [url, auctionId, clientsArg, maxChangesArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const maxChanges = Number(maxChangesArg);
const now = () => performance.timeOrigin + performance.now();

/** receipts[(version - base - 1) * clients + c]: when client c received that version; 0 = never. */
const receipts = new Float64Array(maxChanges * clients);
const last = new Int32Array(clients);
let base = 0;
let violations = 0;
let received = 0;
let target = Number.POSITIVE_INFINITY;
let doneCount = 0;
const sockets = [];
const VERSION = Buffer.from('"version":');

const versionOf = (data) => {
  const at = data.indexOf(VERSION) + VERSION.length;
  let v = 0;
  for (let i = at; i < data.length; i++) {
    const d = data[i] - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  return v;
};

const open = (c) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    sockets[c] = socket;
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', auctionId })));
    let snapshot = true;
    socket.on('message', (data) => {
      const t = now();
      const version = versionOf(data);
      if (snapshot) {
        snapshot = false;
        last[c] = version;
        resolve(version);
        return;
      }
      if (version <= last[c]) violations++;
      last[c] = version;
      const slot = (version - base - 1) * clients + c;
      if (slot >= 0 && slot < receipts.length) receipts[slot] = t;
      received++;
      if (version >= target && version - 1 < target) {
        doneCount++;
        if (doneCount === clients) report();
      }
    });
  });

const report = () => {
  const cpu = process.cpuUsage(cpuStart);
  process.send({ type: 'result', receipts, violations, received, cpuMicros: cpu.user + cpu.system }, () => {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  });
};

let cpuStart;
process.on('message', (message) => {
  if (message.type === 'start') cpuStart = process.cpuUsage();
  if (message.type === 'finish') {
    target = message.version;
    doneCount = 0;
    for (let c = 0; c < clients; c++) if (last[c] >= target) doneCount++;
    if (doneCount === clients) report();
    setTimeout(report, 15_000).unref();
  }
});

const versions = [];
for (let c = 0; c < clients; c += 50) {
  const batch = [];
  for (let k = c; k < Math.min(clients, c + 50); k++) batch.push(open(k));
  versions.push(...(await Promise.all(batch)));
}
base = Math.max(...versions);
process.send({ type: 'ready', version: base });
