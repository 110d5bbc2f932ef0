import { createRequire } from 'node:module';

/**
 * The gRPC service definitions and protobuf messages the clients ship in their `generated/` folders: the
 * stand-in speaks exactly the wire format they speak.
 *
 * Both clients' generated code registers its messages under the same global protobuf names
 * (`proto.event_store.client.…`), and the last one loaded wins. `@kurrent/kurrentdb-client`'s messages
 * are a superset of `@eventstore/db-client`'s (its `CaughtUp` carries a timestamp and a position, which
 * it reads), so `@eventstore/db-client` is loaded first and `@kurrent/kurrentdb-client` last: both clients
 * then work in one process, and the stand-in uses the newer definitions.
 */
const require = createRequire(import.meta.url);
require('@eventstore/db-client');
require('@kurrent/kurrentdb-client');

const V1 = '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1';

/** `streams_grpc_pb`: the `Streams` service definition. */
export const streamsGrpc: typeof import('@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb') = require(
  `${V1}/streams_grpc_pb.js`,
);
/** `streams_pb`: the `Streams` messages. */
export const streamsPb: typeof import('@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb') = require(
  `${V1}/streams_pb.js`,
);
/** `shared_pb`: UUID, StreamIdentifier, Empty. */
export const sharedPb: typeof import('@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb') = require(
  `${V1}/shared_pb.js`,
);
