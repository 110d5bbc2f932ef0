import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The API reference (`pnpm docs`, TypeDoc over every published entry point) builds without a warning:
 * every public symbol has TSDoc, every {@link} resolves, every public type can be named.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const typedoc = join(
  dirname(createRequire(join(root, 'package.json')).resolve('typedoc/package.json')),
  'bin/typedoc',
);

const runTypedoc = (cwd: string) => {
  const run = spawnSync(process.execPath, [typedoc, '--emit', 'none'], {
    cwd,
    encoding: 'utf8',
    timeout: 55_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
  const warnings = output.split('\n').filter((line) => /\[(warning|error)\]/.test(line));
  return { status: run.status, warnings };
};

describe('API reference', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gavel-typedoc-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds from the TSDoc of every entry point with warnings as errors', () => {
    const { status, warnings } = runTypedoc(root);
    // Each warning names the symbol: "X, defined in …, does not have any documentation", or a broken link.
    expect(warnings, `pnpm docs fails:\n${warnings.join('\n')}`).toEqual([]);
    expect(status).toBe(0);
  });

  it('fails, naming the symbol, on an undocumented export or a public type that is not exported', () => {
    // A package of the workspace's name, documented by the repository's own TypeDoc settings.
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: '@gavel/core', version: '0.0.0' }));
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', types: [] },
        files: ['index.ts', 'hidden.ts'],
      }),
    );
    writeFileSync(
      join(scratch, 'hidden.ts'),
      '/** Not exported. */\nexport interface Hidden {\n  /** A. */\n  readonly a: number;\n}\n',
    );
    writeFileSync(
      join(scratch, 'index.ts'),
      "import type { Hidden } from './hidden';\n/** Documented. */\nexport const documented = (hidden: Hidden): number => hidden.a;\nexport const bare = (): number => 1;\n",
    );
    const config = pathToFileURL(join(root, 'typedoc.config.mjs')).href;
    const plugin = join(root, 'scripts/typedocWorkspaceExports.mjs');
    writeFileSync(
      join(scratch, 'typedoc.config.mjs'),
      `import base from ${JSON.stringify(config)};\nexport default { ...base, entryPoints: ['index.ts'], tsconfig: 'tsconfig.json', compilerOptions: {}, plugin: [${JSON.stringify(plugin)}] };\n`,
    );
    const { status, warnings } = runTypedoc(scratch);
    expect(status).not.toBe(0);
    expect(warnings.join('\n')).toMatch(/bare .*does not have any documentation/);
    expect(warnings.join('\n')).toMatch(
      /Hidden, defined in @gavel\/core\/hidden\.ts, is referenced by documented\.hidden but no entry point exports it/,
    );
  });
});
