import { EventStoreError } from '@gavel/core';

/** The client packages the store can drive EventStoreDB (KurrentDB) with. */
export type ClientPackageName = '@eventstore/db-client' | '@kurrent/kurrentdb-client';

/**
 * The store was given a connection string whose client package is not installed: `kurrentdb://…`
 * needs `@kurrent/kurrentdb-client`; `esdb://…` needs either client. An {@link EventStoreError} of code
 * `'INVALID_ARGUMENT'` (a configuration the store cannot run with), raised by the first call of the
 * store; `packageName` is the package to install.
 */
export class ClientPackageMissingError extends EventStoreError {
  /** Always `'INVALID_ARGUMENT'`. */
  declare readonly code: 'INVALID_ARGUMENT';
  /** The package to install (`pnpm add <packageName>`). */
  readonly packageName: ClientPackageName;

  /**
   * @param packageName - the package to install.
   * @param scheme - the connection string's scheme (`kurrentdb`, `esdb+discover`, …).
   * @param cause - the module loader's error.
   */
  constructor(packageName: ClientPackageName, scheme: string, cause?: unknown) {
    super(
      'INVALID_ARGUMENT',
      `${scheme}:// connection strings need the package ${packageName}${scheme.startsWith('esdb') ? ' (or @eventstore/db-client)' : ''}, which is not installed: add it to your dependencies`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'ClientPackageMissingError';
    this.packageName = packageName;
  }
}
