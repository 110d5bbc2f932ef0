/**
 * The adapter's own streams: where processors keep their registrations, members, leases, checkpoints
 * and partition state. Ordinary (non-`$`) streams, as EventStoreDB asks of applications ("Do not use
 * a `$` prefix for … stream names"), so any user allowed to write user streams may run processors. The
 * store's subscriptions never deliver them: without a category the server-side filter leaves them out
 * with system streams; a category's `<category>-` prefix could only match them for the category
 * `gavel.processor`, and {@link isInternalStream} drops them then too.
 */

/** Every stream of the adapter's own starts with this. */
export const INTERNAL_STREAM_PREFIX = 'gavel.processor-';

/** True for the adapter's own streams (never delivered by `subscribe`). */
export const isInternalStream = (streamName: string): boolean =>
  streamName.startsWith(INTERNAL_STREAM_PREFIX);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server-side stream-name filter of a subscription without category: every stream but system
 * streams (`$…`) and the adapter's own. EventStoreDB evaluates it as a .NET regular expression.
 */
export const USER_STREAMS_PATTERN = `^(?!\\$|${escapeRegex(INTERNAL_STREAM_PREFIX)})`;
