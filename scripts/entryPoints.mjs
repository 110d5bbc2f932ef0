// The public entry points of the workspace's published packages, read from their package.json files
// (`exports`), so that the API report, the API reference and the pack-and-install test follow a new
// package or subpath without being told.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The published (non-private) packages: their folder and manifest, by name. */
export const publishedPackages = () => {
  const packages = [];
  for (const parent of ['packages', 'packages/adapters', 'packages/relays']) {
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      const folder = join(root, parent, entry.name);
      if (!entry.isDirectory() || !existsSync(join(folder, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      if (!manifest.private) packages.push({ folder, manifest });
    }
  }
  return packages.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
};

/** The source file that a subpath's bundle is built from: `src/index.ts`, `src/<sub>/index.ts` or `src/<sub>.ts`. */
const sourceOf = (folder, subpath) => {
  const candidates =
    subpath === '.' ? ['src/index.ts'] : [`src/${subpath.slice(2)}/index.ts`, `src/${subpath.slice(2)}.ts`];
  const found = candidates.map((c) => join(folder, c)).find((path) => existsSync(path));
  if (!found)
    throw new Error(`${folder}: no source for the export '${subpath}' (looked for ${candidates.join(', ')})`);
  return found;
};

/**
 * Every `exports` subpath that declares types: its import specifier, its package's folder, the name of
 * its API report, its ESM and CJS declaration files and its source entry.
 */
export const entryPoints = () =>
  publishedPackages().flatMap(({ folder, manifest }) =>
    Object.entries(manifest.exports ?? {})
      .filter(([, target]) => typeof target === 'object' && target.import?.types)
      .map(([subpath, target]) => {
        const base = manifest.name.replace(/^@gavel\//, '');
        const sub = subpath.slice(2);
        return {
          packageName: manifest.name,
          specifier: subpath === '.' ? manifest.name : `${manifest.name}/${sub}`,
          folder,
          report: `${subpath === '.' ? base : `${base}-${sub.replaceAll('/', '-')}`}.api.md`,
          esmTypes: join(folder, target.import.types),
          cjsTypes: target.require?.types ? join(folder, target.require.types) : undefined,
          source: sourceOf(folder, subpath),
        };
      }),
  );
