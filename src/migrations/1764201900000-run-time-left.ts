import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `SyncRun.estimatedSecondsLeft`: stored with the counters while a run goes on, cleared when it ends. */
export class RunTimeLeft1764201900000 implements MigrationInterface {
  name = 'RunTimeLeft1764201900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_runs ADD COLUMN estimated_seconds_left double precision`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_runs DROP COLUMN estimated_seconds_left`);
  }
}
