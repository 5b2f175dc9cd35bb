import { ConnectionError } from '../../errors';
import { ADDRESS_REFUSED_CODE } from './address-code';
import { RESPONSE_TOO_LARGE_CODE } from './response-size';

const reasons: Record<string, string> = { [ADDRESS_REFUSED_CODE]: 'address_refused', [RESPONSE_TOO_LARGE_CODE]: 'response_too_large' };

/**
 * When a request failed because Ferry's own rules stopped it (an address it never connects to, a reply larger than
 * it reads), the error to throw: its message already says which rule and which setting. Null for any other failure.
 * Plugins call it first when they classify a network failure.
 */
export function ferryRefusal(error: unknown, depth = 0): ConnectionError | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code in reasons && typeof message === 'string')
    return new ConnectionError(message, { reason: reasons[code], code });
  // Drivers wrap the socket's error (`cause`), or one per address tried (an AggregateError's `errors`).
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const refusal = ferryRefusal(inner, depth + 1);
    if (refusal) return refusal;
  }
  return null;
}
