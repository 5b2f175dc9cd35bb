/**
 * How an error message speaks of a reply body that is not the service's documented error JSON (a proxy's HTML page,
 * whatever answers at a wrong URL): by its kind and size, never its text, which may come from anything at that
 * address. E.g. `a non-JSON body (an HTML page, 74 bytes)`.
 */
export function describeUndocumentedBody(body: string | Buffer, contentType = ''): string {
  const text = typeof body === 'string' ? body : body.toString('utf8', 0, Math.min(body.length, 64));
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (text.trim() === '') return 'an empty body';
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) return `a JSON body that is not the service's error format (${bytes} bytes)`;
  const kind = /text\/html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML page' : contentType.split(';')[0].trim() || 'no content type';
  return `a non-JSON body (${kind}, ${bytes} bytes)`;
}
