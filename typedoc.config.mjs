// TypeDoc: the API reference of every published entry point, from the TSDoc in the sources.
// `pnpm docs` writes it to docs/api/ (git-ignored); scripts/apiReference.e2e.spec.ts checks that it builds
// without a warning (an undocumented public symbol, a broken {@link}, a public type that is not exported).
import { entryPoints } from './scripts/entryPoints.mjs';

const entries = entryPoints();

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Gavel',
  entryPoints: entries.map((entry) => entry.source),
  tsconfig: 'tsconfig.docs.json',
  // Inside the reference, every package imports the others' sources, so links between them resolve.
  compilerOptions: {
    paths: Object.fromEntries(entries.map((entry) => [entry.specifier, [entry.source]])),
  },
  plugin: ['./scripts/typedocModuleNames.mjs', './scripts/typedocWorkspaceExports.mjs'],
  out: 'docs/api',
  readme: 'none',
  // Type errors are the typecheck's business; this run is about the docs.
  skipErrorChecking: true,
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
};
