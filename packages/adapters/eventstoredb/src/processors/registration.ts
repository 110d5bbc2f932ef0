import { EventStoreError } from '@gavel/core';
import type { StoredEvent } from '../client/storeClient';
import type { ProcessorCall } from './processorContext';
import { registryStream } from './processorStreams';
import { storedFields, unreadableEvent } from './storedFields';
import type { EventPayload } from './updateLastEvent';

/**
 * A processor as its registry stream's last event says: registered (generation, partitions, initial
 * checkpoint), or reset (its generation's streams dropped; a new registration takes the next one).
 */
export type Registration =
  | {
      readonly kind: 'registered';
      readonly generation: number;
      readonly partitions: number;
      readonly initialCheckpoint: bigint;
    }
  | { readonly kind: 'reset'; readonly generation: number; readonly partitions: number };

/** Event types of the registry stream. */
const REGISTERED = 'ProcessorRegistered';
const RESET = 'ProcessorReset';

/** The registry stream keeps its last events only. */
export const REGISTRY_MAX_COUNT = 10;

/** The event that records `registration`. */
export const registrationEvent = (registration: Registration): EventPayload =>
  registration.kind === 'registered'
    ? {
        type: REGISTERED,
        data: {
          v: 1,
          generation: registration.generation,
          partitions: registration.partitions,
          initialCheckpoint: registration.initialCheckpoint.toString(),
        },
      }
    : {
        type: RESET,
        data: { v: 1, generation: registration.generation, partitions: registration.partitions },
      };

/** Decodes a registry event (undefined: no registry stream yet). */
export const toRegistration = (event: StoredEvent | undefined): Registration | undefined => {
  if (event === undefined) return undefined;
  const fields = storedFields(event);
  const generation = fields.integer('generation');
  const partitions = fields.integer('partitions');
  if (event.type === REGISTERED)
    return {
      kind: 'registered',
      generation,
      partitions,
      initialCheckpoint: fields.position('initialCheckpoint'),
    };
  if (event.type === RESET) return { kind: 'reset', generation, partitions };
  throw unreadableEvent(event, 'unknown event type');
};

/** A registered processor: what every call but `register` and `reset` needs first. */
export type ActiveRegistration = Extract<Registration, { kind: 'registered' }>;

const inRange = (registration: ActiveRegistration, partitions: readonly number[]): boolean =>
  partitions.every((partition) => partition < registration.partitions);

const sameRegistration = (a: ActiveRegistration, b: ActiveRegistration): boolean =>
  a.generation === b.generation &&
  a.partitions === b.partitions &&
  a.initialCheckpoint === b.initialCheckpoint;

/**
 * Reads the processor's registration (and keeps it for the next call); `INVALID_ARGUMENT` when it is
 * not registered, or when one of `partitions` is not one of its partitions.
 */
export const requireRegistration = async (
  call: ProcessorCall,
  processor: string,
  partitions: readonly number[] = [],
): Promise<ActiveRegistration> => {
  const read = await call.withRetry(() => call.client.readLast(registryStream(processor)));
  const registration = toRegistration(read === 'stream-not-found' ? undefined : read);
  if (registration?.kind !== 'registered') {
    call.registrations.delete(processor);
    throw new EventStoreError('INVALID_ARGUMENT', `processor '${processor}' is not registered`);
  }
  call.registrations.set(processor, registration);
  const outside = partitions.find((partition) => partition >= registration.partitions);
  if (outside !== undefined)
    throw new EventStoreError('INVALID_ARGUMENT', `partition ${outside} is out of range`);
  return registration;
};

/**
 * Runs `work` on the processor's registration, checked at every call. When this store knows it from an
 * earlier call, `work` starts on it while the registry is read again (one round trip saved); if the
 * registry says otherwise (a reset since), `work`'s answer is dropped (what it wrote went to the dropped
 * generation's streams, which nobody reads) and it runs again on the registration read, or the call
 * fails as {@link requireRegistration} does.
 */
export const withRegistration = async <T>(
  call: ProcessorCall,
  processor: string,
  partitions: readonly number[],
  work: (registration: ActiveRegistration) => Promise<T>,
): Promise<T> => {
  const known = call.registrations.get(processor);
  if (known === undefined || !inRange(known, partitions))
    return work(await requireRegistration(call, processor, partitions));
  const [checked, done] = await Promise.allSettled([
    requireRegistration(call, processor, partitions),
    work(known),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (!sameRegistration(known, checked.value)) return work(checked.value);
  if (done.status === 'rejected') throw done.reason;
  return done.value;
};
