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

/** An IPv4-mapped IPv6 address (::ffff:169.254.169.254) is judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
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
