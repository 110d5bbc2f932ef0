import { createRequire } from 'node:module';

/**
 * The gRPC service definitions and protobuf messages that `@eventstore/db-client` itself ships in its
 * `generated/` folder: the stand-in speaks exactly the wire format the official client speaks.
 */
const require = createRequire(import.meta.url);

/** `streams_grpc_pb`: the `Streams` service definition. */
export const streamsGrpc: typeof import('@eventstore/db-client/generated/streams_grpc_pb') = require('@eventstore/db-client/generated/streams_grpc_pb.js');
/** `streams_pb`: the `Streams` messages. */
export const streamsPb: typeof import('@eventstore/db-client/generated/streams_pb') = require('@eventstore/db-client/generated/streams_pb.js');
/** `shared_pb`: UUID, StreamIdentifier, Empty. */
export const sharedPb: typeof import('@eventstore/db-client/generated/shared_pb') = require('@eventstore/db-client/generated/shared_pb.js');
