import { keyFingerprint } from './key-fingerprint';

/** Slots of the largest table: 8 bytes each, 32 MB in all, holding up to half as many keys. */
export const MAX_SLOTS = 1 << 22;
const FIRST_SLOTS = 1 << 16;

export interface MarkResult {
  /** Positions of keys this set had already seen. */
  duplicates: Set<number>;
  /** Positions of keys the set had no room left to check or remember: the caller must check those itself. */
  overflow: number[];
}

/**
 * The keys a run has seen so far, as 64-bit fingerprints in an open-addressing table of typed arrays: 16 to 32
 * bytes per key (a million keys take 16 MB, against some 100 MB for a Set of strings) and never more than
 * 32 MB in all. Past `MAX_SLOTS / 2` keys the table stops growing and hands new keys back as `overflow`, for the
 * caller to track in PostgreSQL, so memory stays bounded whatever the model's size.
 */
export class SeenKeys {
  /** Fingerprints as [hi, lo] pairs side by side, so a probe reads one cache line; lo = 0 marks an empty slot. */
  private table: Uint32Array;
  private count = 0;

  /** `maxSlots` (a power of two) bounds the table; tests make it small to reach the overflow. */
  constructor(private readonly maxSlots = MAX_SLOTS) {
    this.table = new Uint32Array(Math.min(FIRST_SLOTS, maxSlots) * 2);
  }

  get size(): number {
    return this.count;
  }

  private get slots(): number {
    return this.table.length / 2;
  }

  /** Marks each key (distinct within the call) as seen and says which were seen before. */
  mark(keys: readonly string[]): MarkResult {
    const result: MarkResult = { duplicates: new Set(), overflow: [] };
    const fingerprint: [number, number] = [0, 0];
    for (let index = 0; index < keys.length; index += 1) {
      keyFingerprint(keys[index], fingerprint);
      const hi = fingerprint[0];
      const lo = fingerprint[1] === 0 ? 1 : fingerprint[1];
      const at = this.find(hi, lo);
      if (this.table[at + 1] !== 0) result.duplicates.add(index);
      else if (this.slots >= this.maxSlots && this.count * 2 >= this.slots) result.overflow.push(index);
      else this.insert(hi, lo, at);
    }
    return result;
  }

  /** Index (in `table`) of the pair holding this fingerprint, or of the empty pair where it belongs. */
  private find(hi: number, lo: number): number {
    const table = this.table;
    const mask = this.slots - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = slot * 2;
      const stored = table[at + 1];
      if (stored === 0 || (stored === lo && table[at] === hi)) return at;
      slot = (slot + 1) & mask;
    }
  }

  private insert(hi: number, lo: number, at: number): void {
    this.table[at] = hi;
    this.table[at + 1] = lo;
    this.count += 1;
    if (this.count * 2 > this.slots && this.slots < this.maxSlots) this.grow();
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      const to = this.find(old[at], old[at + 1]);
      this.table[to] = old[at];
      this.table[to + 1] = old[at + 1];
    }
  }
}
