/**
 * The database file's schema is newer than this version of `@gavel/sqlite` knows (a newer release
 * migrated it): `getSqliteEventStore` refuses to open it rather than write to tables it does not
 * understand. Upgrade `@gavel/sqlite`. Its `code` is `'SCHEMA_TOO_NEW'`.
 */
export class SchemaTooNewError extends Error {
  /** Always `'SCHEMA_TOO_NEW'`. */
  readonly code = 'SCHEMA_TOO_NEW' as const;
  /** The schema version the file is at. */
  readonly schemaVersion: number;
  /** The latest schema version this package knows. */
  readonly supportedVersion: number;

  constructor(schemaVersion: number, supportedVersion: number) {
    super(
      `the database schema is at version ${schemaVersion}, newer than this @gavel/sqlite (${supportedVersion})`,
    );
    this.name = 'SchemaTooNewError';
    this.schemaVersion = schemaVersion;
    this.supportedVersion = supportedVersion;
  }
}
