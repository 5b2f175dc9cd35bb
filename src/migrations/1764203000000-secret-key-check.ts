import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key check value: a constant sealed with FERRY_SECRET_KEY at the first start, so a later start with another
 * key is refused (naming the expected key's fingerprint) instead of failing on every secret.
 */
export class SecretKeyCheck1764203000000 implements MigrationInterface {
  name = 'SecretKeyCheck1764203000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secret_key_check (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        fingerprint text NOT NULL,
        check_value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secret_key_check`);
  }
}
