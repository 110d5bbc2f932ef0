import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    conformance: 'src/conformance/index.ts',
    audit: 'src/audit/index.ts',
    node: 'src/node/index.ts',
    store: 'src/store/index.ts',
  },
  external: ['vitest'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
