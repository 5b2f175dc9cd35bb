import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Change guard: a sync may cap the records one run sends; a run may be forced through that cap once. */
export class ChangeGuard1764204000000 implements MigrationInterface {
  name = 'ChangeGuard1764204000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE syncs ADD COLUMN change_guard jsonb`);
    await db.query(`ALTER TABLE sync_runs ADD COLUMN force boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_runs DROP COLUMN force`);
    await db.query(`ALTER TABLE syncs DROP COLUMN change_guard`);
  }
}
