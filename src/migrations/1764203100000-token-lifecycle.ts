import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token lifecycle: a token may expire, and is revoked (kept, for the list) rather than deleted. */
export class TokenLifecycle1764203100000 implements MigrationInterface {
  name = 'TokenLifecycle1764203100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz, ADD COLUMN revoked_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens DROP COLUMN expires_at, DROP COLUMN revoked_at`);
  }
}
