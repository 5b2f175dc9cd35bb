import type { Pool } from 'pg';
import type { Dispatcher } from 'undici';
import { FailedPreconditionError } from '../errors';
import type { Logger } from '../plugins/contract';
import type { SecretBox } from '../secrets/secret-box';
import { deliveryHeaders } from './delivery-headers';
import { recordAttempt, type ClaimedDelivery } from './delivery-store';
import { postDelivery, type AttemptOutcome } from './post-delivery';
import { nextAttemptAt, type RetrySchedule } from './retry-schedule';
import { openRuleSecrets } from './rule-secrets';

export interface AttemptDependencies {
  pool: Pick<Pool, 'query'>;
  secrets: SecretBox;
  logger: Logger;
  /** The connections sends go through (createAlertAgent). */
  dispatcher: Dispatcher;
  timeoutMs: number;
  retry: RetrySchedule;
  /** Cuts a send short (the process is stopping). */
  signal?: AbortSignal;
}

async function send(deps: AttemptDependencies, delivery: ClaimedDelivery): Promise<AttemptOutcome> {
  const { rows } = await deps.pool.query<{ id: string; name: string; encrypted_secrets: string }>(
    'SELECT id, name, encrypted_secrets FROM notification_rules WHERE id = $1',
    [delivery.ruleId],
  );
  const rule = rows[0];
  const refused = (error: string): AttemptOutcome => ({
    attemptedAt: new Date(),
    delivered: false,
    status: null,
    responseBody: null,
    error,
    durationMs: 0,
  });
  if (!rule) return refused('the rule was deleted');
  let secrets;
  try {
    secrets = openRuleSecrets(deps.secrets, { id: rule.id, name: rule.name, encryptedSecrets: rule.encrypted_secrets });
  } catch (error) {
    if (error instanceof FailedPreconditionError) return refused(error.message);
    throw error;
  }
  const headers = deliveryHeaders({ id: delivery.id, event: delivery.event, attempt: delivery.attempt, body: delivery.body }, secrets.signingSecret);
  return postDelivery(
    { url: secrets.url, body: delivery.body, headers },
    { dispatcher: deps.dispatcher, timeoutMs: deps.timeoutMs, stop: deps.signal },
  );
}

/**
 * One attempt of a claimed delivery, recorded with its outcome. A refused one is scheduled again on the retry
 * schedule, until the retry period after its first attempt ends; a test delivery is tried once.
 */
export async function attemptDelivery(deps: AttemptDependencies, delivery: ClaimedDelivery): Promise<AttemptOutcome> {
  const outcome = await send(deps, delivery);
  const next =
    outcome.delivered || delivery.test
      ? null
      : nextAttemptAt(deps.retry, { attempt: delivery.attempt, firstAttemptAt: delivery.firstAttemptAt, now: new Date() });
  const status = await recordAttempt(deps.pool, delivery, outcome, next);
  const context = {
    deliveryId: delivery.id,
    ruleId: delivery.ruleId,
    event: delivery.event,
    attempt: delivery.attempt,
    status: outcome.status,
    outcome: status,
  };
  if (outcome.delivered) deps.logger.info('alert delivered', context);
  else deps.logger.warn('alert delivery refused', { ...context, error: outcome.error, nextAttemptAt: next?.toISOString() ?? null });
  return outcome;
}
