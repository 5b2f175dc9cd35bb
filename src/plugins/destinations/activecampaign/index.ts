/**
 * The ActiveCampaign destination: contacts (bulk importer, or `/contact/sync` for small batches), accounts
 * (matched by name) and custom objects (upserted by external ID), with the account's live custom fields.
 * See activecampaign-api.md for the API it follows.
 *
 * Requests each write costs, on top of lookups made once per run (exclusion list, lists, account names,
 * custom-field types):
 * - contacts, per bulk import of up to 250: 1 POST, usually 1 poll of its status (polls are timed from how long
 *   the run's earlier imports took), and, only when an import both created and updated contacts, 1 lookup per
 *   100 created contacts to tell them apart. Eight writes run at once, so one run can keep the importer near its
 *   100 imports a minute within 5 requests a second.
 * - contacts, UPDATE_ONLY: an existence check first, 1 request a row or 1 per 100 contacts of the account,
 *   whichever the run finds cheaper (contacts/update-only.ts).
 * - accounts and custom objects: 1 request per record.
 *
 * Automations: off by default (the importer gets `exclude_automations`); the config's `runAutomations` turns
 * them on. Batches of ten contacts or fewer go through `/contact/sync`, which cannot turn them off.
 *
 * The bulk importer's own rate limit answers 400 rather than 429, which the HTTP retries do not see: write() then
 * fails with a DestinationError asking to retry after a minute (`importRateLimitPauseMs`), and the engine writes
 * the batch again after that pause. It only happens when something besides Ferry imports into the account: the
 * engine's budget of 100 imports a minute per account keeps Ferry's own imports under the limit.
 */
import type { DestinationPlugin } from '../../contract';
import { PluginConfigError } from '../../contract';
import { writeAccounts } from './accounts/write-accounts';
import { coerceValue } from './coerce';
import { activeCampaignConfig } from './config';
import { testConnection } from './connection-test';
import { writeContacts } from './contacts/write-contacts';
import { writeCustomObjects } from './custom-objects/write-custom-objects';
import { CUSTOM_OBJECT_PREFIX } from './field-keys';
import { activeCampaignLimits } from './limits';
import { discoverObjects } from './objects';
import { defaultOptions, type ActiveCampaignOptions } from './options';

export type { ActiveCampaignConfig } from './config';
export type { ActiveCampaignOptions } from './options';

/** Builds the plugin with other timings (tests shorten polling and timeouts); Ferry uses `activeCampaignDestination`. */
export function createActiveCampaignDestination(overrides: Partial<ActiveCampaignOptions> = {}): DestinationPlugin<typeof activeCampaignConfig> {
  const options: ActiveCampaignOptions = { ...defaultOptions, ...overrides };
  return {
    id: 'activecampaign',
    kind: 'destination',
    name: 'ActiveCampaign',
    version: '1.0.0',
    config: activeCampaignConfig,
    // The key goes to apiUrl; runAutomations may change without it.
    secretBindings: ['apiUrl'],
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
