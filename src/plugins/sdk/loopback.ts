import { isIP } from 'node:net';

/** True for names and addresses that never leave this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/**
 * Why `url` may not carry credentials, or null when it may: https anywhere, plain http only to a loopback host
 * (local fakes, tests, a proxy on the same machine).
 */
export function insecureUrlReason(url: URL): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return 'must start with https:// (plain http is allowed only for 127.0.0.1, localhost and ::1)';
}
