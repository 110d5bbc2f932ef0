/**
 * A connection string fit for a log line or an error message: the password of a
 * `scheme://user:password@host…` URL replaced by `***`; anything else unchanged.
 *
 * @param url - a store URL or any other connection string (`postgres://…`, `redis://…`, `esdb://…`)
 * @returns the same string without its password
 */
export const redactPassword = (url: string): string =>
  url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
