#!/usr/bin/env node
// The API report: the public declarations of every published package, one file per entry point
// (`api/<package>[-<subpath>].api.md`), read from the BUILT type declarations (`dist/*.d.ts`) with the
// TypeScript compiler API. Committed, so that a change of the public surface shows in review.
//
//   node scripts/api-report.mjs            write the reports (`pnpm api:report` builds first)
//   node scripts/api-report.mjs --check    exit 1, with a diff, when the built surface differs
//   --out <dir>                            read/write the reports in <dir> instead of api/
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { entryPoints, root } from './entryPoints.mjs';

const UPDATE_COMMAND = 'pnpm api:report';

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

const resolveAlias = (checker, symbol) =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

/** The printed declaration(s) of one symbol, without comments. */
const printDeclarations = (symbol) =>
  (symbol.declarations ?? []).map((declaration) => {
    const file = declaration.getSourceFile();
    if (ts.isVariableDeclaration(declaration)) {
      const statement = declaration.parent.parent;
      if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1)
        return printer.printNode(ts.EmitHint.Unspecified, statement, file);
      return `declare const ${printer.printNode(ts.EmitHint.Unspecified, declaration, file)};`;
    }
    return printer.printNode(ts.EmitHint.Unspecified, declaration, file);
  });

const kindOf = (symbol) => {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Namespace) return 'namespace';
  return 'other';
};

/** The exported symbols of a declaration file, by exported name, sorted. */
const exportsOf = (program, checker, fileName) => {
  const source = program.getSourceFile(fileName);
  if (!source) throw new Error(`${relative(root, fileName)} is missing: build the package first`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => ({ name: exported.getName(), symbol: resolveAlias(checker, exported) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
};

/**
 * Declarations of the package's own files that the public ones refer to, but that no entry point of the
 * package exports ("forgotten exports"): a user can meet such a type but cannot name it.
 */
const forgottenExports = (checker, exported, packageExports, distFolder) => {
  const seen = new Set(exported.map(({ symbol }) => symbol));
  const forgotten = new Map();
  const queue = exported.map(({ symbol }) => symbol);
  const visit = (node) => {
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node) || ts.isTypeQueryNode(node)) {
      const name = ts.isTypeReferenceNode(node)
        ? node.typeName
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : node.expression;
      const at = checker.getSymbolAtLocation(name);
      const symbol = at && resolveAlias(checker, at);
      const own = symbol?.declarations?.some((d) => {
        const file = realpathSync(d.getSourceFile().fileName);
        return file.startsWith(distFolder) && !(d.flags & ts.NodeFlags.Ambient && ts.isModuleDeclaration(d));
      });
      if (symbol && own && !seen.has(symbol) && !(symbol.flags & ts.SymbolFlags.TypeParameter)) {
        seen.add(symbol);
        if (!packageExports.has(symbol)) {
          forgotten.set(symbol, symbol.getName());
          queue.push(symbol);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  while (queue.length > 0) for (const declaration of queue.shift().declarations ?? []) visit(declaration);
  return [...forgotten.values()].sort();
};

/** The reports of every entry point, by file name. */
export const buildReports = () => {
  const entries = entryPoints();
  const roots = entries.flatMap((e) => [e.esmTypes, ...(e.cjsTypes ? [e.cjsTypes] : [])]);
  for (const file of roots)
    if (!existsSync(file)) throw new Error(`${relative(root, file)} is missing: run \`pnpm build\` first`);
  const program = ts.createProgram(roots, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exportsByPackage = new Map();
  for (const entry of entries) {
    const symbols = exportsByPackage.get(entry.folder) ?? new Set();
    for (const { symbol } of exportsOf(program, checker, entry.esmTypes)) symbols.add(symbol);
    exportsByPackage.set(entry.folder, symbols);
  }
  const reports = new Map();
  for (const entry of entries) {
    const exported = exportsOf(program, checker, entry.esmTypes);
    if (entry.cjsTypes) {
      const esmNames = exported.map((e) => e.name).join(',');
      const cjsNames = exportsOf(program, checker, entry.cjsTypes)
        .map((e) => e.name)
        .join(',');
      if (esmNames !== cjsNames)
        throw new Error(`${entry.specifier}: the CJS declarations export other names than the ESM ones`);
    }
    const distFolder = realpathSync(dirname(entry.esmTypes));
    const forgotten = forgottenExports(checker, exported, exportsByPackage.get(entry.folder), distFolder);
    const lines = [
      `# API report: \`${entry.specifier}\``,
      '',
      `The public declarations of \`${entry.specifier}\`, read from its built \`${relative(entry.folder, entry.esmTypes)}\`.`,
      `Generated by \`${UPDATE_COMMAND}\`; do not edit by hand. A change here is a change of the public API.`,
      '',
      `## Exports (${exported.length})`,
      '',
      '```ts',
    ];
    for (const { name, symbol } of exported) {
      const declared = symbol.getName();
      lines.push(
        `// ${name}: ${kindOf(symbol)}${declared !== name && declared !== 'default' ? ` (declared as ${declared})` : ''}`,
      );
      lines.push(...printDeclarations(symbol), '');
    }
    if (lines.at(-1) === '') lines.pop();
    lines.push('```', '');
    if (forgotten.length > 0) {
      lines.push(
        '## Referenced but not exported',
        '',
        'Public declarations refer to these, but no entry point of the package exports them:',
        '',
      );
      lines.push(...forgotten.map((name) => `- \`${name}\``), '');
    }
    reports.set(entry.report, lines.join('\n'));
  }
  return reports;
};

const lineDiff = (expected, actual) => {
  const before = new Set(expected.split('\n'));
  const after = new Set(actual.split('\n'));
  return [
    ...expected
      .split('\n')
      .filter((l) => !after.has(l))
      .map((l) => `- ${l}`),
    ...actual
      .split('\n')
      .filter((l) => !before.has(l))
      .map((l) => `+ ${l}`),
  ].join('\n');
};

const main = () => {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'api');
  const reports = buildReports();
  const existing = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.api.md')) : [];
  if (args.includes('--check')) {
    const problems = [];
    for (const [file, text] of reports) {
      const path = join(out, file);
      if (!existsSync(path)) problems.push(`${file}: no committed report`);
      else {
        const committed = readFileSync(path, 'utf8');
        if (committed !== text)
          problems.push(`${file} differs from the built surface:\n${lineDiff(committed, text)}`);
      }
    }
    for (const file of existing)
      if (!reports.has(file))
        problems.push(`${file}: a committed report of an entry point that no longer exists`);
    if (problems.length > 0) {
      console.error(
        `The public API differs from the API report in ${relative(root, out) || '.'}/.\n\n${problems.join('\n\n')}\n\n` +
          `If the change is intended, run \`${UPDATE_COMMAND}\` and commit the api/ files with it.`,
      );
      process.exit(1);
    }
    console.log(`API report up to date (${reports.size} entry points).`);
    return;
  }
  mkdirSync(out, { recursive: true });
  for (const file of existing) if (!reports.has(file)) rmSync(join(out, file));
  for (const [file, text] of reports) writeFileSync(join(out, file), text);
  console.log(`Wrote ${reports.size} API reports to ${relative(root, out) || '.'}/.`);
};

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
