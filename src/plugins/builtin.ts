import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { postgresSource } from './sources/postgres';
import { sqlServerSource, synapseSource } from './sources/sqlserver';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [postgresSource as Plugin, sqlServerSource as Plugin, synapseSource as Plugin, activeCampaignDestination as Plugin];
