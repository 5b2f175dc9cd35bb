import { SIGNATURE_HEADER, signatureHeader } from './signature';

/**
 * The headers of one attempt: the event, the delivery's id (the same on every attempt: receivers use it to drop
 * repeats), the attempt's number and the signature over this attempt's timestamp and the body.
 */
export function deliveryHeaders(delivery: { id: string; event: string; attempt: number; body: string }, signingSecret: string, now = new Date()) {
  return {
    'content-type': 'application/json',
    'user-agent': 'Ferry-Alerts/1',
    'ferry-event': delivery.event,
    'ferry-delivery-id': delivery.id,
    'ferry-attempt': String(delivery.attempt),
    [SIGNATURE_HEADER]: signatureHeader(signingSecret, delivery.body, Math.floor(now.getTime() / 1000)),
  };
}
