import { EventStoreError } from '@gavel/core';
import type { ProcessorCall } from './processorContext';
import { registryStream } from './processorStreams';
import {
  type ActiveRegistration,
  REGISTRY_MAX_COUNT,
  registrationEvent,
  toRegistration,
} from './registration';
import { updateLastEvent } from './updateLastEvent';

/**
 * `register`: records the processor (a compare-and-set on its registry stream) if it is not registered,
 * under the generation after the last reset's (1 at first). Its partitions' streams are written lazily:
 * a partition never written reads as free, token 0, at `initialCheckpoint`. `INVALID_ARGUMENT` when it
 * is registered with another number of partitions.
 */
export const registerProcessor = async (
  call: ProcessorCall,
  request: { readonly processor: string; readonly partitions: number; readonly initialCheckpoint: bigint },
): Promise<void> => {
  const { processor, partitions, initialCheckpoint } = request;
  const registered = await updateLastEvent<ActiveRegistration>(
    call,
    registryStream(processor),
    (last) => {
      const current = toRegistration(last);
      if (current?.kind === 'registered') {
        if (current.partitions === partitions) return { result: current };
        throw new EventStoreError(
          'INVALID_ARGUMENT',
          `processor '${processor}' has ${current.partitions} partitions, not ${partitions}: reset it to change them`,
        );
      }
      const generation = current === undefined ? 1 : current.generation + 1;
      const registration: ActiveRegistration = {
        kind: 'registered',
        generation,
        partitions,
        initialCheckpoint,
      };
      return { result: registration, write: registrationEvent(registration) };
    },
    { maxCount: REGISTRY_MAX_COUNT },
  );
  call.registrations.set(processor, registered);
};
