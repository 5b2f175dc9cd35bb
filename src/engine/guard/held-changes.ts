import { deserialize, serialize } from 'node:v8';
import { Client } from 'pg';
import type { OutgoingRecord } from '../transfer/batch-writer';

const TABLE = 'pg_temp.ferry_held_changes';

/**
 * The records a guarded run would send, held back until the whole model is read and their count is known: in a
 * temporary table of a connection of their own (so memory stays bounded whatever the count, and the table
 * vanishes with the connection, even when the worker dies), one row per batch, in model order.
 *
 * Why hold them rather than read the model twice (once to count, once to send): one warehouse read, not two, on
 * every guarded run (warehouse time is what a customer pays for), and what is sent is exactly what was counted, so
 * a model that changes between two reads cannot slip past the guard. Only changed records are held, and no more
 * than the limit: past it, the run is going to stop, so the rest is only counted.
 *
 * Records are kept with V8's serializer, which brings back what a plugin's `coerce` may return (Dates, big
 * integers, byte arrays) exactly, where JSON would not.
 */
export class HeldChanges {
  /** Records of the run so far that would be sent. */
  count = 0;
  private batches = 0;

  private constructor(
    private readonly client: Client,
    private readonly limit: number,
  ) {}

  static async open(databaseUrl: string, limit: number): Promise<HeldChanges> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'ferry-run-held' });
    client.on('error', () => undefined); // a lost connection fails the next query, which the run reports
    await client.connect();
    try {
      await client.query(`CREATE TEMP TABLE ferry_held_changes (n integer PRIMARY KEY, records bytea NOT NULL)`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return new HeldChanges(client, limit);
  }

  /** Whether the records so far are more than the guard lets one run send. */
  get exceeded(): boolean {
    return this.count > this.limit;
  }

  /** Holds a batch of records to send (or only counts them, once the limit is passed). */
  async add(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.count += records.length;
    if (this.exceeded) return;
    this.batches += 1;
    await this.client.query(`INSERT INTO ${TABLE} (n, records) VALUES ($1, $2)`, [this.batches, serialize(records)]);
  }

  /** The held records, batch by batch in model order, the next batch read while the caller sends the current one. */
  async *release(): AsyncGenerator<OutgoingRecord[]> {
    const read = (n: number) => this.client.query<{ records: Buffer }>(`SELECT records FROM ${TABLE} WHERE n = $1`, [n]);
    let next = this.batches > 0 ? read(1) : null;
    for (let n = 1; next; n += 1) {
      const { rows } = await next;
      next = n < this.batches ? read(n + 1) : null;
      next?.catch(() => undefined); // awaited on the next turn, or left when the caller stops
      yield deserialize(rows[0].records) as OutgoingRecord[];
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
