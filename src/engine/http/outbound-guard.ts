import type { OutboundRules } from '../../plugins/sdk/address-rules';

export {
  addressRefusal,
  guardedConnector,
  guardedLookup,
  hostRefusal,
  OutboundAddressError,
  type OutboundRules,
} from '../../plugins/sdk/address-rules';

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
