import { describe, expect, it } from 'vitest';
import { checkHostileInputProperty, checkKitHostileBids } from '../../test/hostileInputProperty';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { hostileBids } from '../testing/hostileInput';

describe('hostile input through the service', () => {
  it('accepts every honest bid of a batch and answers every hostile input INVALID_COMMAND; nothing throws', async () => {
    await checkHostileInputProperty({ fresh: () => getInMemoryEventStore() }, 150);
  });

  it('answers every input of the kit’s hostile list INVALID_COMMAND beside honest bids in one batch', async () => {
    const service = await checkKitHostileBids({ fresh: () => getInMemoryEventStore() });
    expect(service.stats()).toMatchObject({ batches: 2, batchedCommands: 1 + hostileBids('any').length });
  });
});
