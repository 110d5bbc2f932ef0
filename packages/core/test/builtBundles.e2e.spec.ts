import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Smoke tests of the BUILT packages: a child Node process imports each package by its npm name (through
 * its `exports` map, by self-reference from the package's folder), once as ESM and once as CJS, and
 * lists what it exports. `pnpm test` builds before running them.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

const packages: ReadonlyArray<{ folder: string; specifier: string; exports: readonly string[] }> = [
  {
    folder: 'packages/core',
    specifier: '@gavel/core',
    exports: [
      'decide',
      'evolve',
      'fold',
      'initialState',
      'publicView',
      'increments',
      'getInMemoryEventStore',
      'EventStoreError',
      'isEventStoreError',
      'createAuctionService',
      'hmacBidderMask',
    ],
  },
  {
    folder: 'packages/core',
    specifier: '@gavel/core/store',
    exports: ['assertAppendToStreamArguments', 'assertReadStreamArguments', 'matchesExpectedVersion'],
  },
  { folder: 'packages/core', specifier: '@gavel/core/node', exports: ['maskBidderId'] },
  { folder: 'packages/adapters/sqlite', specifier: '@gavel/sqlite', exports: ['getSqliteEventStore'] },
  { folder: 'packages/adapters/postgres', specifier: '@gavel/postgres', exports: ['getPostgresEventStore'] },
  {
    folder: 'packages/adapters/eventstoredb',
    specifier: '@gavel/eventstoredb',
    exports: ['getEventStoreDBEventStore'],
  },
  {
    folder: 'packages/relays/nats',
    specifier: '@gavel/nats',
    exports: ['createNatsRelay', 'consumeAuctionEvents', 'consumePublicChanges', 'decodeRelayedEvent'],
  },
];

const keysOf = (folder: string, args: readonly string[]): string[] =>
  JSON.parse(execFileSync(process.execPath, args, { cwd: `${root}${folder}`, encoding: 'utf8' })) as string[];

describe.each(packages)('built $specifier', ({ folder, specifier, exports }) => {
  it('has an exports map with import and require conditions', () => {
    const manifest = JSON.parse(readFileSync(`${root}${folder}/package.json`, 'utf8'));
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.exports)).toContain('.');
  });

  it('imports as ESM', () => {
    const code = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)))`;
    expect(keysOf(folder, ['--input-type=module', '-e', code])).toEqual(expect.arrayContaining([...exports]));
  });

  it('requires as CJS', () => {
    const code = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
    expect(keysOf(folder, ['-e', code])).toEqual(expect.arrayContaining([...exports]));
  });
});

it('resolves @gavel/core/testing (which needs a vitest runtime to load) for ESM and CJS', () => {
  const code = `console.log(JSON.stringify([import.meta.resolve('@gavel/core/testing'), (await import('node:module')).createRequire(process.cwd() + '/').resolve('@gavel/core/testing')]))`;
  const [esm, cjs] = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: `${root}packages/core`,
      encoding: 'utf8',
    }),
  ) as [string, string];
  expect(esm).toMatch(/dist\/testing\.js$/);
  expect(cjs).toMatch(/dist\/testing\.cjs$/);
});

it('the built ESM core decides the same as the source', async () => {
  const code = `
    const { decide, fold, publicView, increments } = await import('@gavel/core');
    const open = decide({ type: 'OpenAuction', data: { auctionId: 'a', sellerId: 's', currency: 'USD', startingPrice: 1000, endsAt: 10 ** 6 } }, fold([]), 1);
    const s1 = fold(open.events);
    const bid = decide({ type: 'SetMaxBid', data: { auctionId: 'a', bidderId: 'A', maxAmount: 5000 } }, s1, 2);
    const s2 = fold(bid.events, s1);
    const bid2 = decide({ type: 'SetMaxBid', data: { auctionId: 'a', bidderId: 'B', maxAmount: 3000 } }, s2, 3);
    console.log(JSON.stringify(publicView(fold(bid2.events, s2))));`;
  const view = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: `${root}packages/core`,
      encoding: 'utf8',
    }),
  );
  expect(view).toMatchObject({ price: 3100, leaderId: 'A', minimumNextBid: 3200 });
});

it('the built @gavel/core/node masks bidder ids as the source does', async () => {
  const { maskBidderId } = await import('@gavel/core/node');
  for (const [flags, load] of [
    [['--input-type=module', '-e'], "const m = await import('@gavel/core/node');"],
    [['-e'], "const m = require('@gavel/core/node');"],
  ] as const) {
    const out = execFileSync(
      process.execPath,
      [...flags, `${load} process.stdout.write(m.maskBidderId('s')('a', 'b'))`],
      {
        cwd: `${root}packages/core`,
        encoding: 'utf8',
      },
    );
    expect(out).toBe(maskBidderId('s')('a', 'b'));
  }
});
