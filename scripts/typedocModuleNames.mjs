// A TypeDoc plugin: names each module of the API reference after the import specifier of its entry
// point (`@gavel/core/testing`), instead of its folder (`core/src/testing`).
import { Converter, ReflectionKind } from 'typedoc';
import { entryPoints } from './entryPoints.mjs';

/** Called by TypeDoc when it loads the plugin. */
export const load = (app) => {
  const specifierBySource = new Map(entryPoints().map((entry) => [entry.source, entry.specifier]));
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const specifier = specifierBySource.get(context.project.getSymbolIdFromReflection(reflection)?.fileName);
    if (specifier) reflection.name = specifier;
  });
};
