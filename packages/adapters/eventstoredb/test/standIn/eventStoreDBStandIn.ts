/**
 * A wire-level stand-in for EventStoreDB, for CI: a small gRPC server built with `@grpc/grpc-js` from
 * the service definitions the clients ship (see `generated.ts`), so both official clients talk to it unchanged.
 * It is NOT a database. It implements `Streams.Append` and `Streams.Read` (stream reads both ways,
 * `$all` reads both ways, subscriptions to `$all` with stream-name/event-type filters, checkpoints and
 * caught-up, subscriptions to one stream) over an in-memory log with EventStoreDB's semantics for
 * revisions, positions, `wrong_expected_version`, event-id idempotency and the stream metadata
 * `$maxCount` and `$tb` (written to `$$<stream>` as the client's `setStreamMetadata` does). Everything else answers
 * UNIMPLEMENTED, including `ServerFeatures` (the client then assumes an unknown server version and uses
 * `Streams.Append`, not `BatchAppend`).
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { sharedPb, streamsGrpc, streamsPb } from './generated';
import {
  createStandInLog,
  type ProposedRecord,
  type StandInExpected,
  type StandInLog,
  type StandInRecord,
} from './standInLog';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
type FilterOptions = InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions>;

/** Options of {@link startEventStoreDBStandIn}. */
export interface EventStoreDBStandInOptions {
  /** Port to listen on (127.0.0.1). Default 0: any free port. */
  readonly port?: number;
  /** Keep this log (e.g. across a restart). Default: a new, empty log. */
  readonly log?: StandInLog;
  /**
   * Send `caught_up` after a subscription's history, as EventStoreDB 23.10+ does. Default true; false
   * behaves like older servers (checkpoints only).
   */
  readonly sendCaughtUp?: boolean;
}

/** A running stand-in. */
export interface EventStoreDBStandIn {
  readonly port: number;
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly log: StandInLog;
  /** Stops the server, cutting every open call (clients see the server go away). */
  readonly stop: () => Promise<void>;
  /** Starts listening again on the same port with the same log. */
  readonly restart: () => Promise<void>;
  /**
   * Makes the next append fail, for tests of the adapter's retries: `'not-leader'` (nothing written,
   * the client is told this node is the leader to reconnect to), `'unavailable'` (nothing written), or
   * `'lost-response'` (written, then the call fails as if the connection dropped).
   */
  readonly injectAppendFault: (fault: AppendFault) => void;
  /**
   * How many events the stand-in has sent in answer to reads (of streams and of `$all`, not
   * subscriptions) since it started: what a read costs, for tests that bound it.
   */
  readonly eventsRead: () => number;
}

/** A failure {@link EventStoreDBStandIn.injectAppendFault} can inject. */
export type AppendFault = 'not-leader' | 'unavailable' | 'lost-response';

const utf8 = (bytes: Uint8Array | string): string =>
  typeof bytes === 'string'
    ? Buffer.from(bytes, 'base64').toString('utf8')
    : Buffer.from(bytes).toString('utf8');

const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const normalizeUuid = (uuid: InstanceType<typeof sharedPb.UUID> | undefined): string | undefined => {
  if (uuid === undefined) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    const buffer = Buffer.alloc(16);
    buffer.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? '0'), 0);
    buffer.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? '0'), 8);
    const hex = buffer.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString();
  if (!UUID_PATTERN.test(text)) return undefined;
  const hex = text.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const streamIdentifier = (name: string): InstanceType<typeof sharedPb.StreamIdentifier> => {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
  return identifier;
};

const eventMessage = (record: StandInRecord): ReadResp => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(record.id);
  recorded.setId(id);
  recorded.setStreamIdentifier(streamIdentifier(record.streamName));
  recorded.setStreamRevision(record.revision.toString());
  recorded.setPreparePosition(record.position.toString());
  recorded.setCommitPosition(record.position.toString());
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', record.contentType);
  recorded.getMetadataMap().set('created', record.created.toString());
  recorded.setCustomMetadata(record.metadata);
  recorded.setData(record.data);
  const event = new streamsPb.ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(record.position.toString());
  const response = new streamsPb.ReadResp();
  response.setEvent(event);
  return response;
};

const checkpointMessage = (position: bigint): ReadResp => {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const response = new streamsPb.ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
};

/** A filter of `$all` as `ReadReq.Options.FilterOptions` describes it: prefixes or a regex. */
const toFilter = (options: FilterOptions | undefined): ((record: StandInRecord) => boolean) => {
  if (options === undefined) return () => true;
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (expression === undefined) return () => true;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  return (record) => {
    const subject = onStream ? record.streamName : record.type;
    if (prefixes.length > 0 && !prefixes.some((prefix) => subject.startsWith(prefix))) return false;
    return regex === undefined || regex.test(subject);
  };
};

const grpcError = (code: grpc.status, details: string, exception?: string): grpc.ServiceError => {
  const metadata = new grpc.Metadata();
  if (exception !== undefined) metadata.set('exception', exception);
  return Object.assign(new Error(details), { code, details, metadata });
};

/** Starts a stand-in on 127.0.0.1. */
export const startEventStoreDBStandIn = async (
  options: EventStoreDBStandInOptions = {},
): Promise<EventStoreDBStandIn> => {
  const log = options.log ?? createStandInLog();
  const sendCaughtUp = options.sendCaughtUp ?? true;
  /** Detaches the open subscriptions from the log (on stop, before their calls are cut). */
  const openCalls = new Set<() => void>();
  const faults: AppendFault[] = [];
  let eventsRead = 0;

  const append = (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    let streamName: string | undefined;
    let expected: StandInExpected = 'any';
    const proposed: ProposedRecord[] = [];
    let failure: grpc.ServiceError | undefined;
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) {
        const appendOptions = request.getOptions();
        streamName = utf8(appendOptions?.getStreamIdentifier()?.getStreamName_asU8() ?? new Uint8Array());
        if (appendOptions?.hasRevision()) expected = { revision: BigInt(appendOptions.getRevision()) };
        else if (appendOptions?.hasNoStream()) expected = 'no_stream';
        else if (appendOptions?.hasStreamExists()) expected = 'stream_exists';
        else expected = 'any';
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) return;
      const id = normalizeUuid(message.getId());
      const type = message.getMetadataMap().get('type');
      const contentType = message.getMetadataMap().get('content-type');
      if (id === undefined) failure ??= grpcError(grpc.status.INVALID_ARGUMENT, 'event id is not a UUID');
      else if (type === undefined || contentType === undefined)
        failure ??= grpcError(
          grpc.status.INVALID_ARGUMENT,
          'type and content-type are required',
          'missing-required-metadata-property',
        );
      else
        proposed.push({
          id,
          type,
          contentType,
          data: message.getData_asU8(),
          metadata: message.getCustomMetadata_asU8(),
        });
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (failure !== undefined) return callback(failure);
      if (streamName === undefined || streamName === '')
        return callback(grpcError(grpc.status.INVALID_ARGUMENT, 'append without options'));
      const fault = faults.shift();
      if (fault === 'not-leader') {
        const error = grpcError(grpc.status.NOT_FOUND, 'Leader info available', 'not-leader');
        error.metadata.set('leader-endpoint-host', '127.0.0.1');
        error.metadata.set('leader-endpoint-port', String(port));
        return callback(error);
      }
      if (fault === 'unavailable') return callback(grpcError(grpc.status.UNAVAILABLE, 'Server is not ready'));
      const result = log.append(streamName, expected, proposed);
      if (fault === 'lost-response')
        return callback(grpcError(grpc.status.UNAVAILABLE, 'Connection dropped'));
      const response = new streamsPb.AppendResp();
      if (result.kind === 'invalid-transaction')
        return callback(
          grpcError(grpc.status.FAILED_PRECONDITION, 'Invalid transaction.', 'invalid-transaction'),
        );
      if (result.kind === 'success') {
        const success = new streamsPb.AppendResp.Success();
        if (result.revision < 0n) success.setNoStream(new sharedPb.Empty());
        else success.setCurrentRevision(result.revision.toString());
        if (result.position < 0n) success.setNoPosition(new sharedPb.Empty());
        else {
          const position = new streamsPb.AppendResp.Position();
          position.setCommitPosition(result.position.toString());
          position.setPreparePosition(result.position.toString());
          success.setPosition(position);
        }
        response.setSuccess(success);
        return callback(null, response);
      }
      const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
      if (result.current === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
      else wrong.setCurrentRevision(result.current.toString());
      if (expected === 'any') wrong.setExpectedAny(new sharedPb.Empty());
      else if (expected === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
      else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
      else wrong.setExpectedRevision(expected.revision.toString());
      response.setWrongExpectedVersion(wrong);
      return callback(null, response);
    });
  };

  const read = (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
    const readOptions = call.request.getOptions();
    if (readOptions === undefined) {
      call.destroy(grpcError(grpc.status.INVALID_ARGUMENT, 'read without options'));
      return;
    }
    const backwards = readOptions.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const count = readOptions.hasCount() ? BigInt(readOptions.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
    const subscription = readOptions.hasSubscription();
    const filter = toFilter(readOptions.hasFilter() ? readOptions.getFilter() : undefined);
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      call.end();
    };
    const send = (response: ReadResp): void => {
      if (!ended) call.write(response);
    };

    const goLive = (
      history: readonly StandInRecord[],
      matches: (record: StandInRecord) => boolean,
      window: number,
    ) => {
      let considered = 0;
      let lastConsidered: bigint | undefined;
      const consider = (record: StandInRecord): void => {
        lastConsidered = record.position;
        if (matches(record)) send(eventMessage(record));
        if (++considered % window === 0) send(checkpointMessage(record.position));
      };
      for (const record of history) consider(record);
      if (lastConsidered !== undefined && considered % window !== 0) send(checkpointMessage(lastConsidered));
      if (sendCaughtUp) {
        const response = new streamsPb.ReadResp();
        response.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
        send(response);
      }
      // Same tick as the history: nothing written in between is missed.
      const unsubscribe = log.onWrite(consider);
      const detach = (): void => {
        unsubscribe();
        openCalls.delete(detach);
      };
      const close = (): void => {
        detach();
        end();
      };
      openCalls.add(detach);
      call.on('cancelled', close);
      call.on('close', close);
      call.on('error', close);
    };

    const confirm = (): void => {
      const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(randomUUID());
      const response = new streamsPb.ReadResp();
      response.setConfirmation(confirmation);
      send(response);
    };

    if (readOptions.hasStream()) {
      const streamOptions = readOptions.getStream();
      const name = utf8(streamOptions?.getStreamIdentifier()?.getStreamName_asU8() ?? new Uint8Array());
      const readable = log.readable(name);
      const records = readable === 'not-found' ? [] : readable.records;
      if (subscription) {
        confirm();
        // subscribeToStream: after the given revision (exclusive), from the start, or from the end.
        const history = streamOptions?.hasRevision()
          ? records.filter((record) => record.revision > BigInt(streamOptions.getRevision()))
          : streamOptions?.hasEnd()
            ? []
            : records;
        goLive(history, (record) => record.streamName === name, Number.MAX_SAFE_INTEGER);
        return;
      }
      if (readable === 'not-found') {
        const notFound = new streamsPb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(streamIdentifier(name));
        const response = new streamsPb.ReadResp();
        response.setStreamNotFound(notFound);
        send(response);
        end();
        return;
      }
      // From the real last revision: events hidden by $maxCount or $tb are skipped, not renumbered.
      const last = readable.lastRevision;
      const from = streamOptions?.hasRevision()
        ? BigInt(streamOptions.getRevision())
        : streamOptions?.hasEnd()
          ? backwards
            ? last
            : last + 1n
          : backwards
            ? -1n
            : 0n;
      const selected = backwards
        ? records.filter((record) => record.revision <= from).reverse()
        : records.filter((record) => record.revision >= from);
      const sent = selected.slice(0, Number(count));
      eventsRead += sent.length;
      for (const record of sent) send(eventMessage(record));
      end();
      return;
    }

    if (readOptions.hasAll()) {
      const allOptions = readOptions.getAll();
      const all = log.all();
      const position = allOptions?.hasPosition()
        ? BigInt(allOptions.getPosition()?.getCommitPosition() ?? '0')
        : undefined;
      if (subscription) {
        confirm();
        const filterOptions = readOptions.hasFilter() ? readOptions.getFilter() : undefined;
        const window =
          (filterOptions?.hasMax() ? filterOptions.getMax() : 32) *
          Math.max(1, filterOptions?.getCheckpointintervalmultiplier() ?? 1);
        // subscribeToAll: after the position (exclusive), from the start, or from the end.
        const history =
          position !== undefined
            ? all.filter((record) => record.position > position)
            : allOptions?.hasEnd()
              ? []
              : all;
        goLive(history, filter, readOptions.hasFilter() ? window : Number.MAX_SAFE_INTEGER);
        return;
      }
      // readAll: forwards from the position (inclusive), backwards from it (exclusive).
      const selected = backwards
        ? all.filter((record) => position === undefined || record.position < position).reverse()
        : allOptions?.hasEnd()
          ? []
          : all.filter((record) => position === undefined || record.position >= position);
      const sent = selected.filter(filter).slice(0, Number(count));
      eventsRead += sent.length;
      for (const record of sent) send(eventMessage(record));
      end();
      return;
    }
    call.destroy(grpcError(grpc.status.INVALID_ARGUMENT, 'read of neither a stream nor $all'));
  };

  const implementation = { read, append } as unknown as grpc.UntypedServiceImplementation;
  let server: grpc.Server | undefined;
  let port = options.port ?? 0;

  const listen = async (): Promise<void> => {
    const next = new grpc.Server();
    next.addService(streamsGrpc.StreamsService as unknown as grpc.ServiceDefinition, implementation);
    port = await new Promise<number>((resolve, reject) =>
      next.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    server = next;
  };

  const stop = async (): Promise<void> => {
    for (const detach of [...openCalls]) detach();
    server?.forceShutdown();
    server = undefined;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get connectionString() {
      return `esdb://127.0.0.1:${port}?tls=false`;
    },
    log,
    stop,
    restart: listen,
    injectAppendFault: (fault) => {
      faults.push(fault);
    },
    eventsRead: () => eventsRead,
  };
};
