/**
 * Headers of Ferry's HTML pages. The policy lets a page load scripts, styles and connections (HTTP and WebSocket)
 * from Ferry alone; `data:` is allowed only for fonts and images, which GraphiQL's stylesheet embeds.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const pageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': contentSecurityPolicy,
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A browser navigating to the page (it asks for HTML), as opposed to an API client. */
export function wantsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/html'));
}

/** Escapes text for an HTML attribute or element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
