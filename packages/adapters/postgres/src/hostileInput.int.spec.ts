import { describe, it } from 'vitest';
import { checkHostileInputProperty, checkKitHostileBids } from '../../../core/test/hostileInputProperty';
import { useTestSchema } from '../test/testSchema';

// Hostile input through the service on PostgreSQL (before the edge checks, one bid with U+0000 made
// PostgreSQL refuse the whole batch).
const store = useTestSchema('gavel_hostile').open();

describe('hostile input through the service on PostgreSQL', () => {
  it('accepts every honest bid and answers every hostile input INVALID_COMMAND', async () => {
    await checkHostileInputProperty({ shared: store }, 30);
  });

  it('answers the kit’s hostile bids INVALID_COMMAND beside honest bids in one batch', async () => {
    await checkKitHostileBids({ shared: store });
  });
});
