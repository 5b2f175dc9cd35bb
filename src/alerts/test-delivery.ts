import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors';
import type { Pool } from 'pg';
import { eventOf, type AlertFacts } from './alert-facts';
import { alertMessage } from './alert-message';
import { attemptDelivery, type AttemptDependencies } from './attempt-delivery';
import { deliveryBody } from './delivery-body';
import { claimDelivery, insertDelivery } from './delivery-store';
import { ruleColumns, ruleFacts, type RuleRow } from './rule-row';
import { runAndSyncColumns, runFacts, syncFacts, type RunAndSyncRow } from './run-facts';

/** The sync a test shows: the rule's own, or for a global rule the one that ran last; with its latest run. */
async function sampleSubject(pool: Pick<Pool, 'query'>, rule: RuleRow): Promise<RunAndSyncRow | null> {
  const { rows } = await pool.query<RunAndSyncRow>(
    `SELECT ${runAndSyncColumns}
     FROM syncs s LEFT JOIN LATERAL (SELECT * FROM sync_runs WHERE sync_id = s.id ORDER BY seq DESC LIMIT 1) r ON true
     WHERE $1::uuid IS NULL OR s.id = $1
     ORDER BY r.seq DESC NULLS LAST, s.created_at LIMIT 1`,
    [rule.sync_id],
  );
  return rows[0] ?? null;
}

/**
 * Sends a test delivery of the rule now, once (no retries), in its format, signed like a real one and marked
 * `test: true`; it carries the rule's sync (or the last sync to run) and that sync's latest run. Returns the
 * delivery's id; the attempt and its answer are stored like any other.
 */
export async function sendTestDelivery(deps: AttemptDependencies, ruleId: string): Promise<string> {
  const { rows } = await deps.pool.query<RuleRow>(`SELECT ${ruleColumns} FROM notification_rules WHERE id = $1`, [ruleId]);
  const rule = rows[0];
  if (!rule) throw new NotFoundError('Notification rule', ruleId); // deleted since the caller found it
  const subject = await sampleSubject(deps.pool, rule);
  const sync = subject ? syncFacts(subject) : null;
  const run = subject ? runFacts(subject) : null;
  const rulePart = ruleFacts(rule);
  const facts: AlertFacts = {
    deliveryId: randomUUID(),
    event: eventOf[rule.condition],
    test: true,
    createdAt: new Date(),
    message: `Test of notification rule "${rule.name}": an alert of it reads like this: ${alertMessage(rulePart, sync, run)}`,
    rule: rulePart,
    sync,
    run,
  };
  await insertDelivery(
    deps.pool,
    {
      id: facts.deliveryId,
      ruleId: rule.id,
      incidentKey: null,
      event: facts.event,
      test: true,
      syncId: sync?.id ?? null,
      runId: run?.id ?? null,
      body: deliveryBody(rule.format, facts),
    },
    { due: false },
  );
  await attemptDelivery(deps, await claimDelivery(deps.pool, facts.deliveryId));
  return facts.deliveryId;
}
