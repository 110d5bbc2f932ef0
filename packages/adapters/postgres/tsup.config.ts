import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Builds against the built `@gavel/core` (tsconfig.json maps it to core's source for typecheck and tests).
  tsconfig: 'tsconfig.build.json',
});
