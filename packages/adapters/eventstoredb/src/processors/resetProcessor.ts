import { CONCURRENT_REQUESTS, mapLimited, range } from './mapLimited';
import { checkCallAlive, type ProcessorCall } from './processorContext';
import { generationStreams, registryStream } from './processorStreams';
import { type Registration, registrationEvent, toRegistration } from './registration';
import { updateLastEvent } from './updateLastEvent';

/**
 * Truncates every stream of a dropped generation (`$tb` past its last event: EventStoreDB's soft delete
 * of a stream's events, reclaimed by the next scavenge). Streams never written are left alone.
 */
const dropGeneration = async (
  call: ProcessorCall,
  processor: string,
  generation: number,
  partitions: number,
) => {
  const streams = generationStreams(processor, generation);
  const names = [streams.members, ...range(partitions).flatMap((p) => [streams.lease(p), streams.state(p)])];
  await mapLimited(names, CONCURRENT_REQUESTS, async (stream) => {
    checkCallAlive(call);
    const last = await call.withRetry(() => call.client.readLast(stream));
    if (last === 'stream-not-found' || last === undefined) return;
    const truncateBefore = Number(last.revision) + 1;
    await call.withRetry(() => call.client.setStreamMetadata(stream, { truncateBefore }));
  });
};

/**
 * `reset`: records the reset in the registry stream (a compare-and-set: the next registration starts a
 * new generation, with new streams), then truncates the dropped generation's streams. A reset that
 * failed half-way is finished by the next one.
 */
export const resetProcessor = async (call: ProcessorCall, processor: string): Promise<void> => {
  call.registrations.delete(processor);
  const generations = `${registryStream(processor)}/`;
  for (const stream of call.lastSeen.keys()) if (stream.startsWith(generations)) call.lastSeen.delete(stream);
  const dropped = await updateLastEvent<Registration | undefined>(call, registryStream(processor), (last) => {
    const current = toRegistration(last);
    if (current === undefined || current.kind === 'reset') return { result: current };
    const reset: Registration = {
      kind: 'reset',
      generation: current.generation,
      partitions: current.partitions,
    };
    return { result: reset, write: registrationEvent(reset) };
  });
  if (dropped !== undefined) await dropGeneration(call, processor, dropped.generation, dropped.partitions);
};
