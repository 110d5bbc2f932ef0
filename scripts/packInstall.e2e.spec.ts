import { execFile, type SpawnSyncOptions, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPoints, publishedPackages } from './entryPoints.mjs';

/**
 * What a new user does: every published package packed with `pnpm pack` (which turns `workspace:^` into
 * real ranges; `npm pack` does not), the tarballs installed with npm into an empty project, then each
 * entry point imported as ESM, required as CJS, and type-checked by `tsc` with `moduleResolution: nodenext`.
 * Third-party dependencies come from the npm registry (`--prefer-offline` uses npm's cache when it can).
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const packages = publishedPackages();
const entries = entryPoints();
// The conformance suite runs inside a vitest run, which a plain script is not.
const runnable = entries.filter((entry) => entry.specifier !== '@gavel/core/conformance');

/** The environment of a user's shell: without the npm_* variables that pnpm, which runs the tests, sets. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

const work = mkdtempSync(join(tmpdir(), 'gavel-pack-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');

const run = (command: string, args: readonly string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 240_000, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${output}`);
  return String(result.stdout);
};

const tarballOf = (name: string): string => {
  const prefix = `${name.replace(/^@/, '').replace('/', '-')}-`;
  const file = readdirSync(tarballs).find((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)));
  if (!file) throw new Error(`no tarball for ${name} in ${tarballs}`);
  return join(tarballs, file);
};

const packedFile = (name: string, path: string): string =>
  run('tar', ['-xzOf', tarballOf(name), `package/${path}`]);

const packedFiles = (name: string): string[] =>
  run('tar', ['-tzf', tarballOf(name)])
    .split('\n')
    .filter(Boolean);

/** The packages whose README example runs here, by the name of its file in the temporary project. */
const readmeExamples = [
  { name: '@gavel/core', file: 'readme-core' },
  { name: '@gavel/sqlite', file: 'readme-sqlite' },
  { name: '@gavel/postgres', file: 'readme-postgres' },
  { name: '@gavel/eventstoredb', file: 'readme-eventstoredb' },
] as const;

/** A README's example: the first js block under "## Example", and the output its last line promises. */
const readmeExample = (name: string): { code: string; expected: string } => {
  const folder = packages.find(({ manifest }) => manifest.name === name)?.folder ?? '';
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  const code = /^## Example\n[\s\S]*?^```js\n([\s\S]*?)^```/m.exec(readme)?.[1];
  const expected = code && /^\/\/ → (.*)\n$/m.exec(code)?.[1];
  if (!code || !expected)
    throw new Error(`${name}: README.md has no "## Example" js block ending in "// → output"`);
  return { code, expected };
};

beforeAll(() => {
  mkdirSync(tarballs);
  mkdirSync(project);
  for (const { folder, manifest } of packages) {
    if (!existsSync(join(folder, 'dist'))) throw new Error(`${manifest.name} is not built: run pnpm build`);
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: folder });
  }
  const local = Object.fromEntries(
    packages.map(({ manifest }) => [manifest.name, `file:${tarballOf(manifest.name)}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'gavel-pack-install-check',
        private: true,
        type: 'module',
        // The tarballs, never the registry, for every @gavel package (also as a dependency of another).
        dependencies: { ...local, '@types/node': '^20.19.0', '@types/pg': '^8.15.0' },
        overrides: local,
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    env: userEnv,
  });
  for (const { name, file } of readmeExamples) {
    const { code } = readmeExample(name);
    writeFileSync(join(project, `${file}.mjs`), code);
    writeFileSync(join(project, `${file}.mts`), code);
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(packages.map(({ manifest }) => manifest.name))('the packed %s', (name) => {
  it('refuses `npm pack`, which would leave workspace:^ ranges in the tarball', () => {
    const folder = packages.find(({ manifest }) => manifest.name === name)?.folder;
    const npm = spawnSync('npm', ['pack', '--dry-run'], {
      cwd: folder,
      env: userEnv,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(npm.status).not.toBe(0);
    expect(npm.stderr).toContain('Pack and publish with pnpm');
  });

  it('has real version ranges, a README and the MIT LICENSE', () => {
    const manifest = packedFile(name, 'package.json');
    expect(manifest).not.toContain('workspace:');
    expect(JSON.parse(manifest)).toMatchObject({ license: 'MIT', repository: expect.anything() });
    expect(packedFiles(name)).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE']));
    expect(packedFile(name, 'LICENSE')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  });
});

const node = (args: readonly string[]) => run(process.execPath, args, { cwd: project });

describe('installed from the tarballs into an empty npm project', () => {
  it('every entry point loads as ESM and as CJS, with the same named exports', () => {
    const specifiers = JSON.stringify(runnable.map((entry) => entry.specifier));
    const esm = JSON.parse(
      node([
        '--input-type=module',
        '-e',
        `const out = {}; for (const s of ${specifiers}) out[s] = Object.keys(await import(s)).filter((k) => k !== 'default').sort(); console.log(JSON.stringify(out));`,
      ]),
    ) as Record<string, string[]>;
    const cjs = JSON.parse(
      node([
        '-e',
        `const out = {}; for (const s of ${specifiers}) out[s] = Object.keys(require(s)).sort(); console.log(JSON.stringify(out));`,
      ]),
    ) as Record<string, string[]>;
    expect(cjs).toEqual(esm);
    expect(esm['@gavel/core']).toEqual(expect.arrayContaining(['createAuctionService', 'readAuctionEvents']));
    expect(esm['@gavel/core']).toEqual(expect.arrayContaining(['replayAuctionHistory']));
    expect(esm['@gavel/core/testing']).toEqual(expect.arrayContaining(['auctionSpecification']));
    expect(esm['@gavel/sqlite']).toEqual(['SchemaTooNewError', 'getSqliteEventStore']);
  });

  it('@gavel/core/testing loads without vitest installed', () => {
    expect(existsSync(join(project, 'node_modules/vitest'))).toBe(false);
    expect(
      node(['-e', "console.log(typeof require('@gavel/core/testing').auctionSpecification)"]).trim(),
    ).toBe('function');
  });

  it('runs an auction on the packed core and SQLite store, as ESM and as CJS', () => {
    const program = (load: (specifier: string) => string) => `
      const { createAuctionService, readAuctionEvents, fold, publicView, recordedEventToJson } = ${load('@gavel/core')};
      const { getSqliteEventStore } = ${load('@gavel/sqlite')};
      (async () => {
        const store = getSqliteEventStore({ path: ':memory:' });
        const service = createAuctionService({ store, clock: () => 1_000 });
        await service.execute({ type: 'OpenAuction', data: { auctionId: 'lot-1', sellerId: 's', currency: 'USD', startingPrice: 1000, endsAt: 100_000 } });
        await service.execute({ type: 'SetMaxBid', data: { auctionId: 'lot-1', bidderId: 'alice', maxAmount: 5000, bidId: 'b1' } });
        const answer = await service.execute({ type: 'SetMaxBid', data: { auctionId: 'lot-1', bidderId: 'bob', maxAmount: 3000, bidId: 'b2' } });
        const { events } = await readAuctionEvents(store, 'lot-1');
        const read = await store.readStream('auction-lot-1');
        console.log(JSON.stringify({ ok: answer.ok, view: publicView(fold(events), 1_000), events: events.length, json: JSON.parse(JSON.stringify(read.events.map(recordedEventToJson))).length }));
        await store.close();
      })();`;
    const expected = { ok: true, view: { price: 3100, leaderId: 'alice', minimumNextBid: 3200 } };
    const esm = JSON.parse(node(['--input-type=module', '-e', program((s) => `await import('${s}')`)]));
    const cjs = JSON.parse(node(['-e', program((s) => `require('${s}')`)]));
    expect(esm).toMatchObject(expected);
    expect(esm.json).toBeGreaterThanOrEqual(3);
    expect(esm.json).toBe(esm.events);
    expect(cjs).toEqual(esm);
  });

  it("type-checks with tsc's nodenext resolution, as an ES module and as CommonJS", () => {
    const imports = entries.map((entry, i) => `import * as entry${i} from '${entry.specifier}';`).join('\n');
    const usage = `
import { createAuctionService, fold, readAuctionEvents, recordedEventToJson, type ExecuteResult, type RecordedEventJson } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
import { getPostgresEventStore } from '@gavel/postgres';
import { getEventStoreDBEventStore } from '@gavel/eventstoredb';

export const entries: readonly object[] = [${entries.map((_, i) => `entry${i}`).join(', ')}];
export const stores = [getPostgresEventStore, getEventStoreDBEventStore];
export const example = async (): Promise<readonly RecordedEventJson[]> => {
  const store = getSqliteEventStore({ path: ':memory:' });
  const service = createAuctionService({ store });
  const answer: ExecuteResult = await service.execute({ type: 'SetMaxBid', data: { auctionId: 'a', bidderId: 'b', maxAmount: 100 } });
  const { events } = await readAuctionEvents(store, 'a');
  const state = fold(events);
  const read = await store.readStream('auction-a');
  return answer.ok && state.status !== 'none' ? read.events.map(recordedEventToJson) : [];
};
`;
    writeFileSync(join(project, 'check.mts'), `${imports}\n${usage}`);
    writeFileSync(join(project, 'check.cts'), `${imports}\n${usage}`);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          types: ['node'],
          // The packages' own declarations are checked, not only used: no skipLibCheck for them.
          skipLibCheck: false,
        },
        files: ['check.mts', 'check.cts', ...readmeExamples.map(({ file }) => `${file}.mts`)],
      }),
    );
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.stdout, result.stdout).toBe('');
    expect(result.status).toBe(0);
    // Checking every declaration file (no skipLibCheck) takes a while on a busy machine.
  }, 180_000);
});

describe('the README examples, run on the installed tarballs', () => {
  const runExample = async (file: string, env: Record<string, string> = {}) =>
    (
      await promisify(execFile)(process.execPath, [`${file}.mjs`], {
        cwd: project,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 30_000,
      })
    ).stdout.trim();

  it('@gavel/core prints what its README says', async () => {
    expect(await runExample('readme-core')).toBe(readmeExample('@gavel/core').expected);
  });

  it('@gavel/sqlite prints what its README says', async () => {
    expect(await runExample('readme-sqlite')).toBe(readmeExample('@gavel/sqlite').expected);
  });

  it('@gavel/postgres prints what its README says, on a database of its own', async () => {
    const server = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const database = `gavel_readme_${process.pid}_${Date.now()}`;
    const admin = (sql: string) =>
      node([
        '-e',
        `const pg = require('pg'); const c = new pg.Client(${JSON.stringify(server)}); c.connect().then(() => c.query(${JSON.stringify(sql)})).finally(() => c.end());`,
      ]);
    admin(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(server);
      url.pathname = `/${database}`;
      expect(await runExample('readme-postgres', { DATABASE_URL: url.href })).toBe(
        readmeExample('@gavel/postgres').expected,
      );
    } finally {
      admin(`DROP DATABASE ${database} WITH (FORCE)`);
    }
  });

  it('@gavel/eventstoredb prints what its README says, against the test stand-in', async () => {
    const { startEventStoreDBStandIn } = await import(
      '../packages/adapters/eventstoredb/test/standIn/eventStoreDBStandIn'
    );
    const standIn = await startEventStoreDBStandIn();
    try {
      expect(await runExample('readme-eventstoredb', { EVENTSTORE_URL: standIn.connectionString })).toBe(
        readmeExample('@gavel/eventstoredb').expected,
      );
    } finally {
      await standIn.stop();
    }
  });
});
