// `pnpm start` at the repository root: builds only what is not built yet (each workspace package's
// dist when it is missing, the page's bundle when it is missing or older than its sources), then runs
// the auction house in this process. A package whose dist exists is never rebuilt, so starting a second
// instance cannot disturb a running one (tsup empties dist/ while it builds).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './pnpmCommand.mjs';

const example = fileURLToPath(new URL('..', import.meta.url));
const repository = join(example, '..', '..');

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

const pnpm = (args) => {
  const { command, args: before } = pnpmCommand(process.env, process.execPath);
  const result = spawnSync(command, [...before, ...args], {
    cwd: repository,
    stdio: ['ignore', 2, 2],
    shell: process.platform === 'win32' && command === 'pnpm',
  });
  if (result.error !== undefined)
    say(`auction house: could not run pnpm (${command}): ${result.error.message}`);
  if (result.status !== 0) {
    say(`auction house: 'pnpm ${args.join(' ')}' failed`);
    process.exit(1);
  }
};

for (const [name, folder] of PACKAGES) {
  const built = ['dist/index.js', 'dist/index.cjs'].every((file) =>
    existsSync(join(repository, folder, file)),
  );
  if (built) continue;
  say(`auction house: building ${name} (its dist is missing)`);
  pnpm(['--filter', name, 'build']);
}

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
