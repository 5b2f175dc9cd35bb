import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A model reads either its SQL or a whole table of its source (`source_table`, e.g. `public.customers`): exactly one. */
export class TableModels1764202000000 implements MigrationInterface {
  name = 'TableModels1764202000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE models ADD COLUMN source_table text, ALTER COLUMN sql DROP NOT NULL`);
    await db.query(`ALTER TABLE models ADD CONSTRAINT models_sql_or_table CHECK ((sql IS NULL) <> (source_table IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM models WHERE sql IS NULL`);
    await db.query(`ALTER TABLE models DROP CONSTRAINT models_sql_or_table, DROP COLUMN source_table, ALTER COLUMN sql SET NOT NULL`);
  }
}
