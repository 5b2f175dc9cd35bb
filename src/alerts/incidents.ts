import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { eventOf, type AlertFacts, type RunFacts, type SyncFacts } from './alert-facts';
import { alertMessage } from './alert-message';
import { deliveryBody } from './delivery-body';
import { insertDelivery, type NewDelivery } from './delivery-store';
import { ruleFacts, type RuleRow } from './rule-row';

/** One rule's condition met once: what a delivery is made of. */
export interface Incident {
  rule: RuleRow;
  /** Unique per rule: the same incident seen again (next tick, another worker) makes no second delivery. */
  key: string;
  sync: SyncFacts;
  run: RunFacts | null;
  lastSuccessAt?: string | null;
}

/** The delivery of an incident, its body built in the rule's format. */
export function incidentDelivery(incident: Incident, now = new Date()): NewDelivery {
  const { rule, sync, run, lastSuccessAt } = incident;
  const rulePart = ruleFacts(rule);
  const facts: AlertFacts = {
    deliveryId: randomUUID(),
    event: eventOf[rule.condition],
    test: false,
    createdAt: now,
    message: alertMessage(rulePart, sync, run, lastSuccessAt),
    rule: rulePart,
    sync,
    run,
    ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}),
  };
  return {
    id: facts.deliveryId,
    ruleId: rule.id,
    incidentKey: incident.key,
    event: facts.event,
    test: false,
    syncId: sync.id,
    runId: run?.id ?? null,
    body: deliveryBody(rule.format, facts),
  };
}

/** Stores a delivery for each incident that has none yet; returns how many were stored. */
export async function storeIncidents(client: PoolClient, incidents: Incident[]): Promise<number> {
  if (incidents.length === 0) return 0;
  const { rows } = await client.query<{ rule_id: string; incident_key: string }>(
    `SELECT rule_id, incident_key FROM notification_deliveries
     WHERE (rule_id, incident_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    [incidents.map((i) => i.rule.id), incidents.map((i) => i.key)],
  );
  const known = new Set(rows.map((row) => `${row.rule_id} ${row.incident_key}`));
  let stored = 0;
  for (const incident of incidents) {
    if (known.has(`${incident.rule.id} ${incident.key}`)) continue;
    if (await insertDelivery(client, incidentDelivery(incident))) stored += 1;
  }
  return stored;
}
