import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(db: QueryRunner): Promise<void> {
    // Sources and destinations are stored alike: a plugin type, the config in clear and the sealed secrets.
    for (const table of ['sources', 'destinations']) {
      await db.query(`
        CREATE TABLE ${table} (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          name text NOT NULL,
          type text NOT NULL,
          config jsonb NOT NULL,
          encrypted_secrets text,
          last_test jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    }
    await db.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        source_id uuid NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
        sql text NOT NULL,
        columns jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX models_source_id ON models (source_id)`);
    await db.query(`
      CREATE TABLE syncs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE RESTRICT,
        destination_id uuid NOT NULL REFERENCES destinations(id) ON DELETE RESTRICT,
        object text NOT NULL,
        behavior text NOT NULL,
        sync_key jsonb NOT NULL,
        mappings jsonb NOT NULL,
        schedule jsonb NOT NULL,
        paused boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX syncs_model_id ON syncs (model_id)`);
    await db.query(`CREATE INDEX syncs_destination_id ON syncs (destination_id)`);
    await db.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        sync_id uuid NOT NULL REFERENCES syncs(id) ON DELETE CASCADE,
        status text NOT NULL,
        trigger text NOT NULL,
        full_resync boolean NOT NULL DEFAULT false,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        rows_read integer NOT NULL DEFAULT 0,
        rows_changed integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_created integer NOT NULL DEFAULT 0,
        rows_updated integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        progress double precision NOT NULL DEFAULT 0,
        error text,
        worker_id text,
        heartbeat_at timestamptz
      )`);
    await db.query(`CREATE INDEX sync_runs_sync_id_seq ON sync_runs (sync_id, seq)`);
    // At most one queued or running run per sync: triggering again returns that run.
    await db.query(`CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (sync_id) WHERE status IN ('QUEUED', 'RUNNING')`);
    await db.query(`
      CREATE TABLE rejected_rows (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        key text NOT NULL,
        reason text NOT NULL,
        record jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX rejected_rows_run_id_id ON rejected_rows (run_id, id)`);
    await db.query(`
      CREATE TABLE sync_snapshots (
        sync_id uuid NOT NULL REFERENCES syncs(id) ON DELETE CASCADE,
        record_key text NOT NULL,
        hash text NOT NULL,
        external_id text,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sync_id, record_key)
      )`);
    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['api_tokens', 'sync_snapshots', 'rejected_rows', 'sync_runs', 'syncs', 'models', 'destinations', 'sources']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
