// A TypeDoc plugin: warns when a public declaration refers to a type of one of the workspace's packages
// that no entry point exports (TypeDoc's own `notExported` check only looks at the root package, which
// here is the private workspace root). With `treatWarningsAsErrors`, such a reference fails the build.
import {
  Application,
  ContainerReflection,
  DeclarationReflection,
  makeRecursiveVisitor,
  ParameterReflection,
  SignatureReflection,
  TypeParameterReflection,
} from 'typedoc';
import { publishedPackages } from './entryPoints.mjs';

/** Every reference type in the project, with the reflection that holds it. */
const referenceTypes = (project) => {
  const found = [];
  const queue = [];
  let current = project;
  const visitor = makeRecursiveVisitor({
    reference: (type) => found.push({ type, owner: current }),
    reflection: (type) => queue.push(type.declaration),
  });
  const add = (items) => {
    if (items) queue.push(...(Array.isArray(items) ? items : [items]));
  };
  do {
    if (current instanceof ContainerReflection) add(current.children);
    if (current instanceof DeclarationReflection) {
      current.type?.visit(visitor);
      add(current.typeParameters);
      add(current.signatures);
      add(current.indexSignatures);
      add(current.getSignature);
      add(current.setSignature);
      for (const type of current.implementedTypes ?? []) type.visit(visitor);
    }
    if (current instanceof SignatureReflection) {
      add(current.parameters);
      add(current.typeParameters);
      current.type?.visit(visitor);
    }
    if (current instanceof ParameterReflection) current.type?.visit(visitor);
    if (current instanceof TypeParameterReflection) {
      current.type?.visit(visitor);
      current.default?.visit(visitor);
    }
    current = queue.shift();
  } while (current);
  return found;
};

/** Called by TypeDoc when it loads the plugin. */
export const load = (app) => {
  const workspace = new Set(publishedPackages().map(({ manifest }) => manifest.name));
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const warned = new Set();
    for (const { type, owner } of referenceTypes(project)) {
      if (type.reflection || type.externalUrl || type.refersToTypeParameter || !workspace.has(type.package))
        continue;
      const key = type.symbolId?.getStableKey() ?? type.qualifiedName;
      if (warned.has(key)) continue;
      warned.add(key);
      app.logger.warn(
        `${type.qualifiedName}, defined in ${type.package}/${type.symbolId?.packagePath}, is referenced by ` +
          `${owner.getFriendlyFullName()} but no entry point exports it: export it (with TSDoc) or stop referring to it`,
      );
    }
  });
};
