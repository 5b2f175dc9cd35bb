import type { Clock } from './clock';
import { IdSequence } from './id-sequence';
import type { ExclusionRecord } from './records';

/** The account's exclusion list: exact emails in a map, the rarer `contains` patterns scanned. */
export class ExclusionStore {
  private readonly entries = new Map<string, ExclusionRecord>();
  private readonly exact = new Set<string>();
  private readonly patterns: ExclusionRecord[] = [];
  private readonly ids = new IdSequence();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.entries.size;
  }

  all(): ExclusionRecord[] {
    return [...this.entries.values()];
  }

  add(matchPhrase: string, matchType: ExclusionRecord['matchType'] = 'exact'): ExclusionRecord {
    const entry: ExclusionRecord = {
      id: this.ids.next(),
      matchPhrase: matchPhrase.trim().toLowerCase(),
      matchType,
      channel: 'email',
      lists: [],
      cdate: this.clock.format(),
    };
    this.entries.set(entry.id, entry);
    if (matchType === 'exact') this.exact.add(entry.matchPhrase);
    else this.patterns.push(entry);
    return entry;
  }

  isExcluded(email: string): boolean {
    const lower = email.trim().toLowerCase();
    return this.exact.has(lower) || this.patterns.some((p) => lower.includes(p.matchPhrase));
  }
}
