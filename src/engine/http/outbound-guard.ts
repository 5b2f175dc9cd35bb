import { buildConnector } from 'undici';
import { guardedLookup, hostRefusal, OutboundAddressError, type OutboundRules } from '../../plugins/sdk/address-rules';

export { addressRefusal, guardedLookup, hostRefusal, OutboundAddressError, type OutboundRules } from '../../plugins/sdk/address-rules';

/** An undici `connect` that applies the rules to the host name, to an address given literally, and to every looked-up address. */
export function guardedConnector(rules: OutboundRules, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guardedLookup(rules) } as buildConnector.BuildOptions);
  return (options, callback) => {
    const refusal = hostRefusal(options.hostname, rules);
    if (refusal) {
      callback(new OutboundAddressError(`Refused to connect to ${options.hostname}: ${refusal}`), null);
      return;
    }
    connect(options, callback);
  };
}

let allowPrivateDestinations = false;

/** Set once at start-up from FERRY_ALLOW_PRIVATE_DESTINATIONS. */
export function allowPrivateDestinationAddresses(allow: boolean): void {
  allowPrivateDestinations = allow;
}

/** The rules for a destination's requests (or a source's: private ranges always allowed). */
export function outboundRules(kind: 'source' | 'destination'): OutboundRules {
  // Read at each connection, so agents made before start-up read the setting still follow it.
  return {
    get allowPrivate() {
      return kind === 'source' || allowPrivateDestinations;
    },
  };
}
