import { Socket, connect as netConnect } from 'node:net';
import { guardedLookup, hostRefusal, OutboundAddressError, type OutboundRules } from './address-rules';

/** Sources may reach private addresses (warehouses live there); link-local and metadata addresses never. */
const sourceRules: OutboundRules = { allowPrivate: true };

/** The `lookup` for a source's own sockets: every address the name resolves to is checked, at connect time. */
export function guardedSourceLookup(): ReturnType<typeof guardedLookup> {
  return guardedLookup(sourceRules);
}

/**
 * Throws when a source's host is one Ferry never connects to (a link-local or metadata address given literally, a
 * metadata service's name). Names are checked again on their resolved addresses when the socket connects.
 */
export function refuseSourceHost(host: string): void {
  const refusal = hostRefusal(host, sourceRules);
  if (refusal) throw new OutboundAddressError(`Refused to connect to ${host}: ${refusal}`);
}

/**
 * A socket for drivers that take a `stream` (pg): its `connect(port, host)` applies Ferry's outbound rules to the
 * host and to every address it resolves to, so link-local and cloud metadata addresses are refused before anything
 * is sent. A Unix socket path (connect(path)) is not network traffic and goes through unchanged.
 */
export function guardedSourceSocket(): Socket {
  const socket = new Socket();
  const connect = socket.connect.bind(socket) as (...args: unknown[]) => Socket;
  socket.connect = ((port: unknown, host?: unknown) => {
    if (typeof host !== 'string') return connect(port, host);
    try {
      refuseSourceHost(host);
    } catch (error) {
      process.nextTick(() => socket.destroy(error as Error));
      return socket;
    }
    return connect({ port: Number(port), host, lookup: guardedSourceLookup() });
  }) as Socket['connect'];
  return socket;
}

/** A connected TCP socket to a source's host:port under Ferry's outbound rules (mysql2's `stream`, tedious' `connector`). */
export function connectGuardedSource(options: { host: string; port: number; localAddress?: string }): Socket {
  try {
    refuseSourceHost(options.host);
  } catch (error) {
    const refused = new Socket();
    process.nextTick(() => refused.destroy(error as Error));
    return refused;
  }
  return netConnect({ ...options, lookup: guardedSourceLookup() });
}
