/**
 * Turns the error bodies ActiveCampaign is known to send (API notes §11) into one readable sentence:
 * `{"errors":[{title,detail,...}]}`, `{"message":...}`, the bulk importer's `{success:0,message,failureReasons}`,
 * `{"errors":"..."}`, `{"errors":["..."]}` and a bare `{}`. Only those documented fields are repeated; any other body
 * (an HTML error page from Cloudflare or a proxy, text from whatever answers at a wrong URL) is described by its type
 * and size, never quoted.
 */

const MAX_LENGTH = 500;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function describeErrorItem(item: unknown): string {
  if (typeof item === 'string') return item.trim();
  if (!item || typeof item !== 'object') return '';
  const entry = item as Record<string, unknown>;
  const title = text(entry.title) || text(entry.message) || text(entry.error) || text(entry.code);
  const detail = text(entry.detail);
  if (!title) return detail;
  return detail && detail !== title ? `${title} (${detail})` : title;
}

function describeFailureReason(item: unknown): string {
  if (item && typeof item === 'object') {
    const entry = item as Record<string, unknown>;
    const reason = text(entry.failureReason);
    return entry.contact !== undefined ? `contact #${text(entry.contact)}: ${reason}` : reason;
  }
  return text(item);
}

function clip(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH - 1)}…` : flat;
}

/** The readable part of a JSON error body, or '' when it says nothing (e.g. `{}`). */
export function describeJsonError(body: unknown): string {
  // Only the documented fields are repeated: a body of another shape (a bare string, say) is not echoed.
  if (typeof body === 'string') return '';
  if (!body || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  const errors = record.errors;
  if (Array.isArray(errors)) parts.push(...errors.map(describeErrorItem).filter(Boolean));
  else if (typeof errors === 'string') parts.push(errors.trim());
  else if (errors && typeof errors === 'object') parts.push(...Object.values(errors).map(describeErrorItem).filter(Boolean));
  const message = text(record.message);
  if (message) parts.unshift(message);
  if (Array.isArray(record.failureReasons)) {
    const reasons = record.failureReasons.map(describeFailureReason).filter(Boolean);
    if (reasons.length > 0) parts.push(reasons.join('; '));
  }
  return clip(parts.join(': '));
}

/** True when the body looks like an HTML page rather than JSON. */
export function looksLikeHtml(body: string, contentType: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*</.test(body);
}

/** One sentence for an error reply: the API's own words, or the status and what kind of page came back. */
export function describeErrorReply(status: number, body: unknown, raw: string, contentType: string): string {
  if (body !== null) {
    const said = describeJsonError(body);
    return said || `HTTP ${status} with no error message`;
  }
  if (raw.trim() === '') return `HTTP ${status} with an empty body`;
  // Not ActiveCampaign's JSON: the body is not repeated (it may come from anything at that address), only its kind and size.
  const kind = looksLikeHtml(raw, contentType) ? 'an HTML page' : contentType.split(';')[0].trim() || 'no content type';
  return `HTTP ${status} with a non-JSON body (${kind}, ${Buffer.byteLength(raw)} bytes)`;
}
