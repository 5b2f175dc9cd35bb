import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State of the engine's sliding-window rate limiter (src/engine/http/sliding-window-limiter.ts), shared by every
 * worker process. UNLOGGED: it is worth nothing after a crash (the windows are seconds to a minute long), so it
 * skips the write-ahead log.
 */
export class RateLimitGrants1764201700000 implements MigrationInterface {
  name = 'RateLimitGrants1764201700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_grants (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text NOT NULL,
        granted_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX rate_limit_grants_key_granted_at ON rate_limit_grants (key, granted_at)`);
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_holds (
        key text PRIMARY KEY,
        until timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit_holds`);
    await db.query(`DROP TABLE rate_limit_grants`);
  }
}
