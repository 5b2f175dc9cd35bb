import type { Pool } from 'pg';
import { textArrayFromJson } from './json-array-sql';

/** A record the destination confirmed, as the snapshot keeps it. */
export interface ConfirmedRecord {
  key: string;
  hash: string;
  externalId: string | null;
}

/**
 * Records in the sync's snapshot what the destination confirmed (created or updated), so the next run skips them
 * while they stay the same. Only confirmed records get here: a rejected or unanswered one is sent again next time.
 */
export async function saveSnapshot(pool: Pool, syncId: string, records: readonly ConfirmedRecord[]): Promise<void> {
  if (records.length === 0) return;
  await pool.query(
    `INSERT INTO sync_snapshots (sync_id, record_key, hash, external_id, written_at)
     SELECT $1, t.key, t.hash, t.external_id, now()
     FROM unnest(${textArrayFromJson('$2')}, ${textArrayFromJson('$3')}, ${textArrayFromJson('$4')}) AS t(key, hash, external_id)
     ON CONFLICT (sync_id, record_key) DO UPDATE
       SET hash = EXCLUDED.hash, external_id = COALESCE(EXCLUDED.external_id, sync_snapshots.external_id), written_at = now()`,
    [syncId, JSON.stringify(records.map((r) => r.key)), JSON.stringify(records.map((r) => r.hash)), JSON.stringify(records.map((r) => r.externalId))],
  );
}

/** Whether the sync has a snapshot at all: a sync without one (its first run) has nothing to compare against. */
export async function hasSnapshot(pool: Pool, syncId: string): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM sync_snapshots WHERE sync_id = $1) AS found', [syncId]);
  return rows[0].found;
}
