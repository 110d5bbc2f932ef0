// `pnpm start` at the repository root: builds only what is not built yet (each workspace package's
// dist when it is missing, the page's bundle when it is missing or older than its sources), then runs
// the auction house in this process. A package whose dist exists is never rebuilt, so starting a second
// instance cannot disturb a running one (tsup empties dist/ while it builds).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../../scripts/ensureBuilt.mjs';

const example = fileURLToPath(new URL('..', import.meta.url));

/** The packages the server loads, in build order (each only after what it depends on). */
const PACKAGES = [
  ['@gavel/core', 'packages/core'],
  ['@gavel/sqlite', 'packages/adapters/sqlite'],
  ['@gavel/postgres', 'packages/adapters/postgres'],
  ['@gavel/eventstoredb', 'packages/adapters/eventstoredb'],
  ['@gavel/websocket', 'packages/websocket'],
  ['@gavel/stores', 'packages/stores'],
];

const say = (line) => process.stderr.write(`${line}\n`);

ensureBuilt({ packages: PACKAGES, stale: false, label: 'auction house' });

const newest = (folder) =>
  Math.max(...readdirSync(folder).map((file) => statSync(join(folder, file)).mtimeMs));
const bundle = join(example, 'dist', 'app.js');
if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest(join(example, 'web'))) {
  say('auction house: bundling the page (dist/app.js)');
  const { buildWeb } = await import('./buildWeb.mjs');
  await buildWeb();
}

// Started by `pnpm start` (or `npm start`): when the package manager goes away without passing a signal
// on (pnpm's native binary exits on SIGTERM and leaves its script running), shut down as on SIGTERM.
if (process.env.npm_lifecycle_event !== undefined) {
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, 'SIGTERM');
  }, 500).unref();
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
