// Bundles the page's TypeScript (web/main.ts) into dist/app.js with esbuild (dist/, so that linters skip it). The files are written
// beside their targets and renamed over them, so a running server never serves half a bundle.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the bundle; resolves with its size in bytes. */
export const buildWeb = async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['web/main.ts'],
    outfile: 'dist/app.js',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    write: false,
    logLevel: 'warning',
    legalComments: 'none',
  });
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
  const size = await buildWeb();
  process.stdout.write(`dist/app.js: ${(size / 1024).toFixed(1)} KiB\n`);
}
