import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `@gavel/core/testing` is for benchmarks and plain scripts too: the BUILT package, copied alone into a
 * folder where no vitest can be found, must import (ESM) and require (CJS) and work.
 */
const core = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gavel-testing-kit-'));
const installed = join(dir, 'node_modules', '@gavel', 'core');
mkdirSync(installed, { recursive: true });
cpSync(join(core, 'dist'), join(installed, 'dist'), { recursive: true });
cpSync(join(core, 'package.json'), join(installed, 'package.json'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The child's environment, without the module paths a test runner may add. */
const { NODE_PATH: _path, NODE_OPTIONS: _options, ...env } = process.env;

const script = (load: string): string => `
${load}
const { auctionSpecification, openAuctionCommand, TEST_AUCTION_START } = kit;
const { decide, initialState, replayAuctionHistory } = core;
const opened = decide(openAuctionCommand('a1'), initialState(), TEST_AUCTION_START);
if (!opened.ok) throw new Error('not opened');
replayAuctionHistory(opened.events);
auctionSpecification().given(opened.events)
  .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'seller', amount: 500 } })
  .thenRejected('SELLER_CANNOT_BID');
let found = null;
try { found = require.resolve('vitest'); } catch {}
console.log(JSON.stringify({ ok: true, vitest: found }));
`;

describe('@gavel/core/testing without vitest', () => {
  it('the built bundles load no test runner', () => {
    for (const file of ['testing.js', 'testing.cjs'])
      expect(readFileSync(join(core, 'dist', file), 'utf8')).not.toMatch(/vitest/);
  });

  it('imports as ESM and runs the kit from a plain node script', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script(
          "import * as kit from '@gavel/core/testing'; import * as core from '@gavel/core'; import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/');",
        ),
      ],
      { cwd: dir, encoding: 'utf8', env },
    );
    expect(JSON.parse(out)).toEqual({ ok: true, vitest: null });
  });

  it('requires as CJS and runs the kit from a plain node script', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', script("const kit = require('@gavel/core/testing'); const core = require('@gavel/core');")],
      { cwd: dir, encoding: 'utf8', env },
    );
    expect(JSON.parse(out)).toEqual({ ok: true, vitest: null });
  });
});
