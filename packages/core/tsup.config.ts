import { packageBuild } from '../../tsup.base';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    conformance: 'src/conformance/index.ts',
    audit: 'src/audit/index.ts',
    node: 'src/node/index.ts',
    store: 'src/store/index.ts',
  },
  external: ['vitest'],
  // Shared chunks for CJS too (ESM splits by default): each entry point requires the one copy of a
  // class (`EventStoreError`, …), so `instanceof` holds across `@gavel/core` and its subpaths.
  splitting: true,
});
