// Test-only child process: a feed instance on a SQLite file, served from the *built* bundles, as a user's
// backend would run it. Prints `listening <port>` once it accepts connections.
import { createServer } from 'node:http';
import { getSqliteEventStore } from '@gavel/sqlite';
import { createAuctionFeed } from '@gavel/websocket';

const [path, secret] = process.argv.slice(2);
const store = getSqliteEventStore({ path, pollIntervalMs: 20 });
const feed = createAuctionFeed({ store, secret });
const server = createServer((_request, response) => response.writeHead(404).end());
feed.attach(server);
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', async () => {
  await feed.close();
  server.close();
  await store.close();
  process.exit(0);
});
