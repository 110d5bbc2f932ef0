// Bundles the page's TypeScript (web/main.ts) into dist/app.js with esbuild (dist/, so that linters skip it). The files are written
// beside their targets and renamed over them, so a running server never serves half a bundle.
// No source map by default: dist/ is served as /assets/, and a map would publish the page's sources.
// `node scripts/buildWeb.mjs --sourcemap` (pnpm --filter auction-house build:web -- --sourcemap) writes
// dist/app.js.map for debugging; the next build without the flag removes it.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the bundle; resolves with its size in bytes. With `sourcemap`, also dist/app.js.map (linked
 * from the bundle); without, no map, and one left by an earlier build is removed.
 */
export const buildWeb = async ({ sourcemap = false } = {}) => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['web/main.ts'],
    outfile: 'dist/app.js',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: sourcemap ? 'linked' : false,
    write: false,
    logLevel: 'warning',
    legalComments: 'none',
  });
  if (!sourcemap) rmSync(join(root, 'dist', 'app.js.map'), { force: true });
  let size = 0;
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    if (file.path.endsWith('.js')) size = file.contents.length;
  }
  return size;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await buildWeb({ sourcemap: process.argv.includes('--sourcemap') });
  process.stdout.write(`dist/app.js: ${(size / 1024).toFixed(1)} KiB\n`);
}
