import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: notification rules, their deliveries (one per rule and incident) and every attempt. `sync_runs` gains
 * `alerts_checked`: a finished run is looked at by the rules once; runs finished before this migration count as looked at.
 */
export class NotificationRules1764204100000 implements MigrationInterface {
  name = 'NotificationRules1764204100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        sync_id uuid REFERENCES syncs(id) ON DELETE CASCADE,
        condition text NOT NULL,
        rejected_rows_percent double precision,
        duration text,
        duration_seconds integer,
        format text NOT NULL,
        url_shown text NOT NULL,
        encrypted_secrets text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX notification_rules_sync_id ON notification_rules (sync_id)`);
    await db.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        rule_id uuid NOT NULL REFERENCES notification_rules(id) ON DELETE CASCADE,
        incident_key text,
        event text NOT NULL,
        test boolean NOT NULL DEFAULT false,
        sync_id uuid REFERENCES syncs(id) ON DELETE SET NULL,
        run_id uuid REFERENCES sync_runs(id) ON DELETE SET NULL,
        body text NOT NULL,
        status text NOT NULL,
        attempt_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        first_attempt_at timestamptz,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        response_status integer,
        response_body text,
        error text,
        duration_ms integer,
        UNIQUE (rule_id, incident_key)
      )`);
    await db.query(`CREATE INDEX notification_deliveries_rule_id_seq ON notification_deliveries (rule_id, seq)`);
    await db.query(`CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status IN ('PENDING', 'RETRYING')`);
    await db.query(`CREATE INDEX notification_deliveries_run_id ON notification_deliveries (run_id)`);
    await db.query(`CREATE INDEX notification_deliveries_sync_id ON notification_deliveries (sync_id)`);
    await db.query(`
      CREATE TABLE notification_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES notification_deliveries(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        response_status integer,
        response_body text,
        error text,
        duration_ms integer NOT NULL
      )`);
    await db.query(`CREATE INDEX notification_attempts_delivery_id_id ON notification_attempts (delivery_id, id)`);
    // Existing runs get true (already past), new ones false from now on.
    await db.query(`ALTER TABLE sync_runs ADD COLUMN alerts_checked boolean NOT NULL DEFAULT true`);
    await db.query(`ALTER TABLE sync_runs ALTER COLUMN alerts_checked SET DEFAULT false`);
    await db.query(`CREATE INDEX sync_runs_alerts_unchecked ON sync_runs (finished_at) WHERE NOT alerts_checked`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_runs DROP COLUMN alerts_checked`);
    for (const table of ['notification_attempts', 'notification_deliveries', 'notification_rules']) await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
