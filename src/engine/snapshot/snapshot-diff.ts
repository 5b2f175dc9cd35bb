import { Client } from 'pg';
import { textArrayFromJson } from './json-array-sql';
import { SeenKeys } from './seen-keys';

/** Positions (in the batch given to `classify`) of the records that are not plain "unchanged". */
export interface BatchDiff {
  /** Keys an earlier batch of the same run already had. */
  duplicates: Set<number>;
  /** First seen in this run and new or changed since the snapshot (every first-seen record when not comparing). */
  changed: Set<number>;
}

const CHANGED_SQL = `
  SELECT (t.n - 1)::int AS index
  FROM unnest(${textArrayFromJson('$1')}, ${textArrayFromJson('$2')}) WITH ORDINALITY AS t(key, hash, n)
  LEFT JOIN sync_snapshots s ON s.sync_id = $3 AND s.record_key = t.key
  WHERE s.hash IS DISTINCT FROM t.hash`;

const OVERFLOW_TABLE = 'ferry_seen_keys';
const OVERFLOW_SQL = `
  WITH input AS (SELECT t.key, t.n FROM unnest(${textArrayFromJson('$1')}) WITH ORDINALITY AS t(key, n)),
  fresh AS (INSERT INTO pg_temp.${OVERFLOW_TABLE} (key) SELECT key FROM input ON CONFLICT DO NOTHING RETURNING key)
  SELECT (input.n - 1)::int AS index FROM input WHERE input.key NOT IN (SELECT key FROM fresh)`;

/**
 * Compares a run's records with the sync's snapshot, batch by batch, in SQL, and finds keys seen earlier in the
 * run. Only the records that need attention come back from the database: a batch with no change returns no rows.
 *
 * Seen keys are fingerprints in memory (SeenKeys, at most 32 MB); past its capacity they go to a temporary table
 * of the diff's own connection, so memory stays bounded whatever the model's size, and the table vanishes with
 * the connection, even when the worker dies.
 */
export class SnapshotDiff {
  private overflowTable = false;

  private constructor(
    private readonly client: Client,
    private readonly syncId: string,
    private readonly compare: boolean,
    private readonly seen: SeenKeys,
  ) {}

  /**
   * `compare: false` counts every first-seen record as changed (fullResync, or a sync with no snapshot yet).
   * `memorySlots` bounds the in-memory seen keys (see SeenKeys); tests make it small.
   */
  static async open(databaseUrl: string, syncId: string, options: { compare: boolean; memorySlots?: number }): Promise<SnapshotDiff> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'ferry-run-diff' });
    client.on('error', () => undefined); // a lost connection fails the next query, which the run reports
    await client.connect();
    // The snapshot grows while a first run fills it: a plan cached while it was empty (a sequential scan) would
    // stay in use once it holds a million rows. Planning each batch afresh picks the index as soon as it pays.
    await client.query(`SET plan_cache_mode = force_custom_plan`).catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    });
    return new SnapshotDiff(client, syncId, options.compare, new SeenKeys(options.memorySlots));
  }

  /**
   * Classifies a batch given as its keys and their record hashes, position by position. Keys must be distinct
   * within the batch (the caller drops repeats first). Calls may overlap: their
   * keys are marked in call order and their queries run in call order on the diff's connection.
   */
  async classify(keys: readonly string[], hashes: readonly string[]): Promise<BatchDiff> {
    const { duplicates, overflow } = this.seen.mark(keys);
    const overflowed = overflow.length > 0 ? this.overflowDuplicates(overflow.map((i) => keys[i])) : null;
    overflowed?.catch(() => undefined); // awaited below; see changedQuery
    const changedQuery =
      !this.compare || keys.length === 0
        ? null
        : this.client.query<{ index: number }>({
            name: 'ferry-diff',
            text: CHANGED_SQL,
            values: [JSON.stringify(keys), JSON.stringify(hashes), this.syncId],
          });
    changedQuery?.catch(() => undefined); // awaited below: this only keeps an early failure from counting as unhandled
    for (const position of (await overflowed) ?? []) duplicates.add(overflow[position]);
    const changed = new Set<number>();
    if (changedQuery) for (const { index } of (await changedQuery).rows) changed.add(index);
    else for (let index = 0; index < keys.length; index += 1) changed.add(index);
    for (const index of duplicates) changed.delete(index);
    return { duplicates, changed };
  }

  /**
   * Positions (within `keys`) of overflow keys already in the temporary table; the others are added to it. Every
   * statement is queued before this returns, so overlapping batches keep their order on the connection.
   */
  private overflowDuplicates(keys: readonly string[]): Promise<number[]> {
    if (!this.overflowTable) {
      this.overflowTable = true;
      // A failure here fails the insert below, which reports it.
      this.client.query(`CREATE TEMP TABLE ${OVERFLOW_TABLE} (key text COLLATE "C" PRIMARY KEY)`).catch(() => undefined);
    }
    return this.client
      .query<{ index: number }>({ name: 'ferry-seen-overflow', text: OVERFLOW_SQL, values: [JSON.stringify(keys)] })
      .then(({ rows }) => rows.map((row) => row.index));
  }

  /** How many records Ferry has written for the sync (the snapshot's size): the base of a change guard's percentage. */
  async written(): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>('SELECT count(*) AS n FROM sync_snapshots WHERE sync_id = $1', [this.syncId]);
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
