import type { AlertFacts } from './alert-facts';

/**
 * Ferry's own JSON body: the delivery's id and event, the message, the rule, the sync and the run with its counters.
 * Fields are only ever added to it, never renamed.
 */
export function webhookPayload(facts: AlertFacts): Record<string, unknown> {
  return {
    id: facts.deliveryId,
    event: facts.event,
    test: facts.test,
    createdAt: facts.createdAt.toISOString(),
    message: facts.message,
    rule: facts.rule,
    sync: facts.sync,
    run: facts.run,
    ...(facts.lastSuccessAt !== undefined ? { lastSuccessAt: facts.lastSuccessAt } : {}),
  };
}
