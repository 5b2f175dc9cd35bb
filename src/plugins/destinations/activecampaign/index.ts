/**
 * The ActiveCampaign destination: contacts (bulk importer, or `/contact/sync` for small batches), accounts
 * (matched by name) and custom objects (upserted by external ID), with the account's live custom fields.
 * See activecampaign-api.md for the API it follows.
 */
import type { DestinationPlugin } from '../../contract';
import { PluginConfigError } from '../../contract';
import { writeAccounts } from './accounts/write-accounts';
import { coerceValue } from './coerce';
import { activeCampaignConfig } from './config';
import { testConnection } from './connection-test';
import { writeContacts } from './contacts/write-contacts';
import { writeCustomObjects } from './custom-objects';
import { activeCampaignLimits } from './limits';
import { CUSTOM_OBJECT_PREFIX, discoverObjects } from './objects';
import { defaultOptions, type ActiveCampaignOptions } from './options';

export type { ActiveCampaignConfig } from './config';
export type { ActiveCampaignOptions } from './options';

/** Builds the plugin with other timings (tests shorten polling and timeouts); Ferry uses `activeCampaignDestination`. */
export function createActiveCampaignDestination(
  overrides: Partial<ActiveCampaignOptions> = {},
): DestinationPlugin<typeof activeCampaignConfig> {
  const options: ActiveCampaignOptions = { ...defaultOptions, ...overrides };
  return {
    id: 'activecampaign',
    kind: 'destination',
    name: 'ActiveCampaign',
    version: '1.0.0',
    config: activeCampaignConfig,
    limits: activeCampaignLimits,
    test: (config, ctx) => testConnection(config, ctx, options.connectionTestTimeoutMs),
    objects: discoverObjects,
    coerce: coerceValue,
    async write(config, request, ctx) {
      if (request.object === 'contact') return writeContacts(config, request, ctx, options);
      if (request.object === 'account') {
        if (request.behavior !== 'UPDATE_OR_CREATE') throw new PluginConfigError('Accounts support only the UPDATE_OR_CREATE behavior');
        return writeAccounts(config, request, ctx);
      }
      if (request.object.startsWith(CUSTOM_OBJECT_PREFIX)) {
        if (request.behavior !== 'UPDATE_OR_CREATE') throw new PluginConfigError('Custom objects support only the UPDATE_OR_CREATE behavior');
        return writeCustomObjects(config, request, ctx);
      }
      throw new PluginConfigError(`ActiveCampaign has no object "${request.object}": use contact, account or customObject:<schemaId>`);
    },
  };
}

/** The ActiveCampaign destination plugin with its production timings. */
export const activeCampaignDestination: DestinationPlugin<typeof activeCampaignConfig> = createActiveCampaignDestination();
