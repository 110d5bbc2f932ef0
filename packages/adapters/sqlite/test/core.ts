/** Core, imported from its source by relative path: child processes do not get the vitest alias. */
export * from '../../../core/src/index';
