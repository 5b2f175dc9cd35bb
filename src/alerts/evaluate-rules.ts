import type { Pool, PoolClient } from 'pg';
import { NotificationCondition } from '../entities/notification-settings';
import { type Incident, storeIncidents } from './incidents';
import { ruleColumns, watches, type RuleRow } from './rule-row';
import { runAndSyncColumns, runFacts, syncFacts, type RunAndSyncRow } from './run-facts';

/** One evaluation at a time across every worker: the others skip their turn. */
const EVALUATION_LOCK = 0x46455259_414c; // "FERRY" "AL"

/** Finished runs looked at per evaluation (the rest wait for the next one). */
const FINISHED_RUNS_PER_PASS = 500;

/** Runs that ended since the last look: failed, too many rejections, or too long. Marked as looked at in the same transaction. */
async function finishedRunIncidents(client: PoolClient, rules: RuleRow[]): Promise<Incident[]> {
  const { rows } = await client.query<RunAndSyncRow>(
    `SELECT ${runAndSyncColumns} FROM sync_runs r JOIN syncs s ON s.id = r.sync_id
     WHERE r.id IN (
       SELECT id FROM sync_runs WHERE NOT alerts_checked AND status IN ('SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED')
       ORDER BY finished_at LIMIT ${FINISHED_RUNS_PER_PASS} FOR UPDATE SKIP LOCKED)`,
  );
  if (rows.length === 0) return [];
  await client.query('UPDATE sync_runs SET alerts_checked = true WHERE id = ANY($1::uuid[])', [rows.map((row) => row.run_id)]);
  const incidents: Incident[] = [];
  for (const row of rows) {
    const run = runFacts(row)!;
    for (const rule of rules) {
      if (!watches(rule, row.sync_id) || !row.finished_at || row.finished_at < rule.created_at) continue;
      const met =
        (rule.condition === NotificationCondition.RUN_FAILED && run.status === 'FAILED') ||
        (rule.condition === NotificationCondition.REJECTED_ROWS_ABOVE &&
          run.rowsRead > 0 &&
          run.rejectedPercent > (rule.rejected_rows_percent ?? 100)) ||
        (rule.condition === NotificationCondition.RUN_LONGER_THAN &&
          run.durationSeconds !== null &&
          run.durationSeconds > (rule.duration_seconds ?? Infinity));
      if (met) incidents.push({ rule, key: `${rule.condition}:${run.id}`, sync: syncFacts(row), run });
    }
  }
  return incidents;
}

/** Runs still running past a RUN_LONGER_THAN rule's duration: once per run (the same key as when it ends). */
async function longRunIncidents(client: PoolClient, rules: RuleRow[]): Promise<Incident[]> {
  const longer = rules.filter((rule) => rule.condition === NotificationCondition.RUN_LONGER_THAN);
  if (longer.length === 0) return [];
  const shortest = Math.min(...longer.map((rule) => rule.duration_seconds ?? Infinity));
  const { rows } = await client.query<RunAndSyncRow>(
    `SELECT ${runAndSyncColumns} FROM sync_runs r JOIN syncs s ON s.id = r.sync_id
     WHERE r.status = 'RUNNING' AND r.started_at < now() - make_interval(secs => $1)`,
    [shortest],
  );
  const incidents: Incident[] = [];
  for (const row of rows) {
    const run = runFacts(row)!;
    for (const rule of longer) {
      if (watches(rule, row.sync_id) && run.durationSeconds! > rule.duration_seconds!) {
        incidents.push({ rule, key: `${rule.condition}:${run.id}`, sync: syncFacts(row), run });
      }
    }
  }
  return incidents;
}

/**
 * Syncs (not paused) with no SUCCEEDED or PARTIAL run for a NO_SUCCESS_FOR rule's duration, counted from the last
 * success, or from when the sync or the rule was made, whichever is latest. Once per incident: the key names the
 * last success, so the next alert needs a success in between.
 */
async function noSuccessIncidents(client: PoolClient, rules: RuleRow[]): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const rule of rules.filter((r) => r.condition === NotificationCondition.NO_SUCCESS_FOR)) {
    const { rows } = await client.query<RunAndSyncRow & { last_success_id: string | null; last_success_at: Date | null }>(
      `SELECT ${runAndSyncColumns}, last.id AS last_success_id, last.finished_at AS last_success_at
       FROM syncs s
       LEFT JOIN LATERAL (
         SELECT id, finished_at FROM sync_runs WHERE sync_id = s.id AND status IN ('SUCCEEDED', 'PARTIAL') ORDER BY seq DESC LIMIT 1) last ON true
       LEFT JOIN LATERAL (SELECT * FROM sync_runs WHERE sync_id = s.id ORDER BY seq DESC LIMIT 1) r ON true
       WHERE NOT s.paused AND ($1::uuid IS NULL OR s.id = $1)
         AND greatest(last.finished_at, s.created_at, $2::timestamptz) < now() - make_interval(secs => $3)`,
      [rule.sync_id, rule.created_at, rule.duration_seconds],
    );
    for (const row of rows) {
      incidents.push({
        rule,
        key: `${rule.condition}:${row.sync_id}:${row.last_success_id ?? 'never'}`,
        sync: syncFacts(row),
        run: runFacts(row),
        lastSuccessAt: row.last_success_at?.toISOString() ?? null,
      });
    }
  }
  return incidents;
}

/**
 * Looks at every enabled rule once, in one transaction: what it finds and the runs it looked at are stored together,
 * so a crash repeats the look rather than losing or doubling an alert. Returns how many deliveries it stored
 * (0 when another worker is evaluating right now).
 */
export async function evaluateRules(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const [{ locked }] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [EVALUATION_LOCK])).rows;
    if (!locked) {
      await client.query('ROLLBACK');
      return 0;
    }
    const { rows: rules } = await client.query<RuleRow>(`SELECT ${ruleColumns} FROM notification_rules WHERE enabled`);
    const incidents = [
      ...(await finishedRunIncidents(client, rules)),
      ...(await longRunIncidents(client, rules)),
      ...(await noSuccessIncidents(client, rules)),
    ];
    const stored = await storeIncidents(client, incidents);
    await client.query('COMMIT');
    return stored;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
