/**
 * The open auctions a closer waits on, each with the time it is due (its effective end, or a retry
 * time): an indexed binary min-heap over compact storage. Each auction has a slot; the slot's due time
 * lives in a `Float64Array`, the heap is an `Int32Array` of slots, and a second `Int32Array` maps a slot
 * to its heap position, so that moving or removing an auction is O(log n) without a Map write per swap.
 * The only per-auction object is the Map entry from the auction id to its slot.
 */
export interface AuctionDeadlines {
  /** How many auctions are tracked. */
  readonly size: number;
  /** The due time of `auctionId`, or undefined when it is not tracked. */
  dueOf(auctionId: string): number | undefined;
  /** Tracks `auctionId` due at `due`, or moves it there when already tracked. */
  set(auctionId: string, due: number): void;
  /** Stops tracking `auctionId`; false when it was not tracked. */
  delete(auctionId: string): boolean;
  /** The earliest due time, `Infinity` when empty. */
  earliest(): number;
  /** Removes and returns the auction due first, undefined when empty. */
  popEarliest(): string | undefined;
  /** Calls `visit` for every tracked auction, in no particular order. */
  forEach(visit: (auctionId: string, due: number) => void): void;
}

const INITIAL_CAPACITY = 64;

/** Creates an empty {@link AuctionDeadlines}. */
export const createAuctionDeadlines = (): AuctionDeadlines => {
  const slots = new Map<string, number>();
  let capacity = INITIAL_CAPACITY;
  let dues = new Float64Array(capacity);
  /** heap[i] is a slot; the heap is ordered by dues[slot]. */
  let heap = new Int32Array(capacity);
  /** positions[slot] is the slot's index in `heap`. */
  let positions = new Int32Array(capacity);
  const ids: (string | undefined)[] = new Array<string | undefined>(capacity);
  /** A stack of free slots below `highWater`. */
  let free = new Int32Array(capacity);
  let freeCount = 0;
  /** Slots ever used: slots at or above it are free too. */
  let highWater = 0;
  let count = 0;

  const grow = (): void => {
    capacity *= 2;
    const copy = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    dues = copy(dues, new Float64Array(capacity));
    heap = copy(heap, new Int32Array(capacity));
    positions = copy(positions, new Int32Array(capacity));
    free = copy(free, new Int32Array(capacity));
    ids.length = capacity;
  };

  const place = (index: number, slot: number): void => {
    heap[index] = slot;
    positions[slot] = index;
  };

  const siftUp = (index: number): void => {
    const slot = heap[index] as number;
    const due = dues[slot] as number;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentSlot = heap[parent] as number;
      if ((dues[parentSlot] as number) <= due) break;
      place(index, parentSlot);
      index = parent;
    }
    place(index, slot);
  };

  const siftDown = (index: number): void => {
    const slot = heap[index] as number;
    const due = dues[slot] as number;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= count) break;
      const right = left + 1;
      let child = left;
      if (right < count && (dues[heap[right] as number] as number) < (dues[heap[left] as number] as number))
        child = right;
      const childSlot = heap[child] as number;
      if ((dues[childSlot] as number) >= due) break;
      place(index, childSlot);
      index = child;
    }
    place(index, slot);
  };

  const removeSlot = (auctionId: string, slot: number): void => {
    slots.delete(auctionId);
    ids[slot] = undefined;
    free[freeCount++] = slot;
    const index = positions[slot] as number;
    count--;
    if (index === count) return;
    const moved = heap[count] as number;
    place(index, moved);
    siftDown(index);
    siftUp(positions[moved] as number);
  };

  const set = (auctionId: string, due: number): void => {
    const known = slots.get(auctionId);
    if (known !== undefined) {
      const before = dues[known] as number;
      dues[known] = due;
      if (due < before) siftUp(positions[known] as number);
      else if (due > before) siftDown(positions[known] as number);
      return;
    }
    let slot: number;
    if (freeCount > 0) slot = free[--freeCount] as number;
    else {
      if (highWater === capacity) grow();
      slot = highWater++;
    }
    slots.set(auctionId, slot);
    ids[slot] = auctionId;
    dues[slot] = due;
    place(count, slot);
    count++;
    siftUp(count - 1);
  };

  return {
    get size() {
      return count;
    },
    dueOf: (auctionId) => {
      const slot = slots.get(auctionId);
      return slot === undefined ? undefined : dues[slot];
    },
    set,
    delete: (auctionId) => {
      const slot = slots.get(auctionId);
      if (slot === undefined) return false;
      removeSlot(auctionId, slot);
      return true;
    },
    earliest: () => (count === 0 ? Number.POSITIVE_INFINITY : (dues[heap[0] as number] as number)),
    popEarliest: () => {
      if (count === 0) return undefined;
      const slot = heap[0] as number;
      const auctionId = ids[slot] as string;
      removeSlot(auctionId, slot);
      return auctionId;
    },
    forEach: (visit) => {
      for (let i = 0; i < count; i++) {
        const slot = heap[i] as number;
        visit(ids[slot] as string, dues[slot] as number);
      }
    },
  };
};
