import { NotificationFormat } from '../entities/notification-settings';
import type { AlertFacts } from './alert-facts';
import { slackPayload } from './slack-payload';
import { webhookPayload } from './webhook-payload';

/** The exact body a delivery sends, in the rule's format (stored, so every attempt sends the same bytes). */
export function deliveryBody(format: NotificationFormat, facts: AlertFacts): string {
  return JSON.stringify(format === NotificationFormat.SLACK ? slackPayload(facts) : webhookPayload(facts));
}
