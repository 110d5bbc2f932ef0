import { defineConfig, type Options } from 'tsup';

/**
 * The build of every published package: ESM and CJS bundles with their type declarations and source
 * maps, for Node 20. Each package's `tsup.config.ts` passes only what differs (its entries, an external,
 * its tsconfig); the default entry is `src/index.ts`.
 */
export const packageBuild = (options: Options = {}) =>
  defineConfig({
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...options,
  });
