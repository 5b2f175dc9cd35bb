import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { buildConnector } from 'undici';
import { ADDRESS_REFUSED_CODE } from './address-code';

/*
 * Ferry's outbound address rules, shared by the engine's HTTP connector and by plugins that open their own sockets
 * (SQL drivers): what may be connected to, judged on the host name and on every address it resolves to.
 */

/** Link-local (cloud metadata lives there) and metadata addresses: refused for every plugin. */
const alwaysRefused = new BlockList();
alwaysRefused.addSubnet('169.254.0.0', 16, 'ipv4');
alwaysRefused.addSubnet('fe80::', 10, 'ipv6');
alwaysRefused.addAddress('fd00:ec2::254', 'ipv6'); // AWS (IPv6)
alwaysRefused.addAddress('fd20:ce::254', 'ipv6'); // Google Cloud (IPv6)
alwaysRefused.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud: inside 100.64/10, which sources may otherwise reach
alwaysRefused.addSubnet('0.0.0.0', 8, 'ipv4');
alwaysRefused.addAddress('::', 'ipv6');

/** Private ranges: refused for destinations (public SaaS) unless FERRY_ALLOW_PRIVATE_DESTINATIONS. */
const privateRanges = new BlockList();
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4');
privateRanges.addSubnet('fc00::', 7, 'ipv6');

const metadataNames = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.internal']);

export interface OutboundRules {
  /** Private ranges allowed too (sources, or destinations with FERRY_ALLOW_PRIVATE_DESTINATIONS). */
  allowPrivate: boolean;
}

/** IPv6 ranges whose last 32 bits are an IPv4 address that a connection reaches: NAT64 (RFC 6052, RFC 8215) and IPv4-compatible. */
const carriesIpv4 = new BlockList();
carriesIpv4.addSubnet('64:ff9b::', 96, 'ipv6');
carriesIpv4.addSubnet('64:ff9b:1::', 48, 'ipv6');
carriesIpv4.addSubnet('::', 96, 'ipv6');
carriesIpv4.addSubnet('::ffff:0:0', 96, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted
    ? `${address.slice(0, dotted.index)}${((+dotted[1] << 8) | +dotted[2]).toString(16)}:${((+dotted[3] << 8) | +dotted[4]).toString(16)}`
    : address;
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const before = parse(head);
  const after = parse(tail);
  return tail === undefined ? before : [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/**
 * The address as it is judged: an IPv6 address that carries an IPv4 one (::ffff:169.254.169.254, NAT64's
 * 64:ff9b::a9fe:a9fe, which reaches 169.254.169.254 on an IPv6-only network) is judged as that IPv4 address.
 * `::` and `::1` stay IPv6.
 */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  if (isIP(address) !== 6) return { address, family: 'ipv4' };
  if (address === '::' || address === '::1' || !carriesIpv4.check(address, 'ipv6')) return { address, family: 'ipv6' };
  const [high, low] = ipv6Groups(address.split('%')[0]).slice(6);
  return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' };
}

/** Why Ferry will not connect to `address`, or null when it may. Loopback is always allowed. */
export function addressRefusal(address: string, rules: OutboundRules): string | null {
  const { address: ip, family } = unmapped(address);
  if (alwaysRefused.check(ip, family)) return `${address} is a link-local or cloud metadata address, which Ferry never connects to`;
  if (!rules.allowPrivate && privateRanges.check(ip, family)) {
    return `${address} is a private address; destinations are reached on public addresses only (set FERRY_ALLOW_PRIVATE_DESTINATIONS=true to allow private ones)`;
  }
  return null;
}

/** Why Ferry will not connect to the host name itself (before any lookup), or null. */
export function hostRefusal(hostname: string, rules: OutboundRules): string | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (metadataNames.has(host)) return `${host} is a cloud metadata service, which Ferry never connects to`;
  return isIP(host) ? addressRefusal(host, rules) : null;
}

/** The error a refused connection fails with; its message says why and what to do. */
export class OutboundAddressError extends Error {
  readonly code = ADDRESS_REFUSED_CODE;
}

type Lookup = typeof dnsLookup;

let systemResolver: Lookup = dnsLookup;

/**
 * Replaces the DNS lookup behind every guarded connection (tests: a name that resolves to a metadata address,
 * without editing /etc/hosts). Returns the function that puts the system's lookup back.
 */
export function useSourceResolver(resolver: Lookup): () => void {
  systemResolver = resolver;
  return () => {
    systemResolver = dnsLookup;
  };
}

/** The current resolver, looked up at each call, so one set after a connector was made still applies. */
const currentResolver = ((...args: unknown[]) => (systemResolver as (...a: unknown[]) => void)(...args)) as Lookup;

/**
 * A `lookup` for net/tls.connect that resolves every address of the name and refuses the connection when any of
 * them is not allowed: checked at connect time, on the addresses actually used, so DNS rebinding does not get through.
 */
export function guardedLookup(rules: OutboundRules, resolve: Lookup = currentResolver): Lookup {
  return ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    const done = typeof options === 'function' ? (options as typeof callback) : callback;
    const wanted = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean; family?: number };
    resolve(hostname, { all: true, family: wanted.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) return done(error);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, rules);
        if (refusal) return done(new OutboundAddressError(`Refused to connect to ${hostname}: ${refusal}`));
      }
      if (wanted.all) return done(null, addresses);
      const [first] = addresses;
      return done(null, first.address, first.family);
    });
  }) as Lookup;
}

/**
 * An undici `connect` that applies the rules to the host name, to an address given literally, and to every
 * looked-up address. `tls` adds options such as a private CA.
 */
export function guardedConnector(rules: OutboundRules, timeoutMs: number, tls: { ca?: string } = {}): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guardedLookup(rules), ...tls } as buildConnector.BuildOptions);
  return (options, callback) => {
    const refusal = hostRefusal(options.hostname, rules);
    if (refusal) {
      callback(new OutboundAddressError(`Refused to connect to ${options.hostname}: ${refusal}`), null);
      return;
    }
    connect(options, callback);
  };
}
