/** The most keys one query is given by default; more are split into several queries. */
const MAX_KEYS_PER_QUERY = 1_000;

interface Waiter<V> {
  resolve(value: V | Error): void;
  reject(error: unknown): void;
}

/**
 * Coalesces the reads of concurrent operations: keys asked for while a query of this kind is in flight wait for it
 * to end and then go out together in the next one (keys asked for in one event-loop turn go out together too).
 * A query always starts after every key it answers was asked for, so no operation gets rows older than its own
 * request, and nothing is kept between queries. Under load, 200 operations reading the same rows cost one query
 * per round instead of 200; an idle server sees one query per operation, one event-loop turn later.
 */
export class SharedBatch<K, V> {
  private waiting = new Map<K, Array<Waiter<V>>>();
  private querying = false;
  private scheduled = false;

  /** `fetch` answers each key with its value or an Error (a missing row), in the order of `keys`. */
  constructor(
    private readonly fetch: (keys: K[]) => Promise<Array<V | Error>>,
    /** The most keys one `fetch` is given (FERRY_LOADER_MAX_BATCH): keys of operations that go out together are split too. */
    private readonly maxKeysPerQuery = MAX_KEYS_PER_QUERY,
  ) {}

  load(key: K): Promise<V> {
    return this.loadOrError(key).then((value) => {
      if (value instanceof Error) throw value;
      return value;
    });
  }

  /** Each key's value or Error, as DataLoader's batch functions answer. */
  loadMany(keys: readonly K[]): Promise<Array<V | Error>> {
    return Promise.all(keys.map((key) => this.loadOrError(key)));
  }

  private loadOrError(key: K): Promise<V | Error> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.querying || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.querying = true;
    try {
      while (this.waiting.size > 0) {
        const batch = this.waiting;
        this.waiting = new Map();
        const keys = [...batch.keys()];
        const chunks: K[][] = [];
        for (let i = 0; i < keys.length; i += this.maxKeysPerQuery) chunks.push(keys.slice(i, i + this.maxKeysPerQuery));
        await Promise.all(
          chunks.map(async (chunk) => {
            try {
              const values = await this.fetch(chunk);
              chunk.forEach((key, i) => {
                for (const waiter of batch.get(key)!) waiter.resolve(values[i]);
              });
            } catch (error) {
              for (const key of chunk) for (const waiter of batch.get(key)!) waiter.reject(error);
            }
          }),
        );
      }
    } finally {
      this.querying = false;
    }
  }
}
