import type { Pool, PoolClient } from 'pg';
import { NotificationDeliveryStatus } from '../entities/notification-settings';
import type { AttemptOutcome } from './post-delivery';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** A delivery to store, not yet tried. */
export interface NewDelivery {
  id: string;
  ruleId: string;
  /** One delivery per rule and incident; null for a test. */
  incidentKey: string | null;
  event: string;
  test: boolean;
  syncId: string | null;
  runId: string | null;
  body: string;
}

/**
 * Stores a delivery, due now for the delivery loops (or not due at all: a test, which the API sends itself);
 * false when the rule already has one for this incident (nothing is stored then).
 */
export async function insertDelivery(db: Queryable, delivery: NewDelivery, { due = true } = {}): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO notification_deliveries (id, rule_id, incident_key, event, test, sync_id, run_id, body, status, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END)
     ON CONFLICT (rule_id, incident_key) DO NOTHING`,
    [
      delivery.id,
      delivery.ruleId,
      delivery.incidentKey,
      delivery.event,
      delivery.test,
      delivery.syncId,
      delivery.runId,
      delivery.body,
      NotificationDeliveryStatus.PENDING,
      due,
    ],
  );
  return (result.rowCount ?? 0) > 0;
}

/** A disabled rule's deliveries wait (unsent, their retry period running) until it is enabled again. */
export const ofEnabledRule = 'EXISTS (SELECT 1 FROM notification_rules rule WHERE rule.id = rule_id AND rule.enabled)';

/** A delivery taken for one attempt. */
export interface ClaimedDelivery {
  id: string;
  ruleId: string;
  event: string;
  test: boolean;
  body: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  firstAttemptAt: Date;
}

interface ClaimedRow {
  id: string;
  rule_id: string;
  event: string;
  test: boolean;
  body: string;
  attempt_count: number;
  first_attempt_at: Date;
}

function claimed(row: ClaimedRow): ClaimedDelivery {
  return {
    id: row.id,
    ruleId: row.rule_id,
    event: row.event,
    test: row.test,
    body: row.body,
    attempt: row.attempt_count,
    firstAttemptAt: row.first_attempt_at,
  };
}

/**
 * Takes up to `limit` due deliveries of enabled rules for an attempt each. Rows another worker is taking are skipped (SKIP LOCKED),
 * and a taken one is not due again for `leaseMs`: a worker that dies while sending leaves it to be tried again then.
 */
export async function claimDueDeliveries(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedRow>(
    `UPDATE notification_deliveries d
     SET attempt_count = d.attempt_count + 1, first_attempt_at = coalesce(d.first_attempt_at, now()), last_attempt_at = now(),
         next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
     WHERE d.id IN (
       SELECT id FROM notification_deliveries
       WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= now() AND ${ofEnabledRule}
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING d.id, d.rule_id, d.event, d.test, d.body, d.attempt_count, d.first_attempt_at`,
    [limit, leaseMs],
  );
  return rows.map(claimed);
}

/**
 * Gives back a delivery taken for an attempt that was never made (its worker stopped first): due again at once, as
 * it was before, rather than after its lease with an attempt counted that no receiver saw.
 */
export async function releaseClaim(db: Queryable, delivery: ClaimedDelivery): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries d
     SET attempt_count = d.attempt_count - 1, next_attempt_at = now(),
         first_attempt_at = CASE WHEN d.attempt_count = 1 THEN NULL ELSE d.first_attempt_at END,
         last_attempt_at = (SELECT max(a.attempted_at) FROM notification_attempts a WHERE a.delivery_id = d.id)
     WHERE d.id = $1 AND d.attempt_count = $2 AND d.status IN ('PENDING', 'RETRYING')`,
    [delivery.id, delivery.attempt],
  );
}

/** Takes one delivery (a test, sent at once by the API) for its attempt. */
export async function claimDelivery(db: Queryable, id: string): Promise<ClaimedDelivery> {
  const { rows } = await db.query<ClaimedRow>(
    `UPDATE notification_deliveries
     SET attempt_count = attempt_count + 1, first_attempt_at = coalesce(first_attempt_at, now()), last_attempt_at = now(), next_attempt_at = NULL
     WHERE id = $1
     RETURNING id, rule_id, event, test, body, attempt_count, first_attempt_at`,
    [id],
  );
  return claimed(rows[0]);
}

/** Runs the write; a delivery deleted meanwhile (with its rule) has nothing left to record (foreign key violation). */
async function recordUnlessDeleted(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error;
  }
}

/** When the next attempt is due after the outcome: null when delivered or given up. */
export type NextAttempt = Date | null;

/**
 * Stores the attempt (kept for good, shown in the API) and where the delivery stands: DELIVERED, RETRYING at
 * `next`, or FAILED when there is no next attempt.
 */
export async function recordAttempt(
  db: Queryable,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  next: NextAttempt,
): Promise<NotificationDeliveryStatus> {
  const status = outcome.delivered
    ? NotificationDeliveryStatus.DELIVERED
    : next
      ? NotificationDeliveryStatus.RETRYING
      : NotificationDeliveryStatus.FAILED;
  await recordUnlessDeleted(() =>
    db.query(
      `WITH attempt AS (
       INSERT INTO notification_attempts (delivery_id, attempted_at, response_status, response_body, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6))
     UPDATE notification_deliveries
     SET status = $7, next_attempt_at = $8, delivered_at = CASE WHEN $7 = 'DELIVERED' THEN now() ELSE delivered_at END,
         response_status = $3, response_body = $4, error = $5, duration_ms = $6
     WHERE id = $1`,
      [
        delivery.id,
        outcome.attemptedAt,
        outcome.status,
        outcome.responseBody,
        outcome.error,
        outcome.durationMs,
        status,
        outcome.delivered ? null : next,
      ],
    ),
  );
  return status;
}
