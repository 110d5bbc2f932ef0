import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The committed API report (`api/*.api.md`) against the BUILT packages' declarations: `pnpm test`
 * builds first, so this fails when a change of the public surface is not in the report.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const script = join(root, 'scripts/api-report.mjs');

const report = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 50_000 });

describe('API report', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gavel-api-report-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('matches the public surface of every built entry point', () => {
    const run = report('--check');
    // The script's message names each differing file, shows the lines, and says how to update.
    expect(run.status, run.stderr).toBe(0);
  });

  it('has a report for every published package and subpath', async () => {
    const { entryPoints } = (await import(join(root, 'scripts/entryPoints.mjs'))) as {
      entryPoints: () => ReadonlyArray<{ specifier: string; report: string }>;
    };
    const specifiers = entryPoints().map((e) => e.specifier);
    expect(specifiers).toEqual(
      expect.arrayContaining([
        '@gavel/core',
        '@gavel/core/testing',
        '@gavel/core/conformance',
        '@gavel/core/store',
        '@gavel/core/node',
        '@gavel/sqlite',
        '@gavel/postgres',
        '@gavel/eventstoredb',
        '@gavel/nats',
        '@gavel/rabbitmq',
        '@gavel/websocket',
        '@gavel/stores',
        '@gavel/cli',
      ]),
    );
    for (const { report } of entryPoints())
      expect(readFileSync(join(root, 'api', report), 'utf8')).toMatch(/^# API/);
  });

  it('fails, naming the file and the update command, when the surface drifts', () => {
    const out = join(scratch, 'drift');
    cpSync(join(root, 'api'), out, { recursive: true });
    const core = join(out, 'core.api.md');
    writeFileSync(core, readFileSync(core, 'utf8').replace(/^declare const decide:.*$/m, ''));
    rmSync(join(out, 'sqlite.api.md'));
    writeFileSync(join(out, 'gone.api.md'), '# API report: `@gavel/gone`\n');
    const run = report('--check', '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('core.api.md differs from the built surface');
    expect(run.stderr).toMatch(/^\+ declare const decide:/m);
    expect(run.stderr).toContain('sqlite.api.md: no committed report');
    expect(run.stderr).toContain('gone.api.md: a committed report of an entry point that no longer exists');
    expect(run.stderr).toContain('pnpm api:report');
  });

  it('writes reports that then pass the check', () => {
    const out = join(scratch, 'fresh');
    const written = report('--out', out);
    expect(written.status, written.stderr).toBe(0);
    expect(readFileSync(join(out, 'core.api.md'), 'utf8')).toMatch(/^declare const decide:/m);
    const checked = report('--check', '--out', out);
    expect(checked.status, checked.stderr).toBe(0);
  });
});
