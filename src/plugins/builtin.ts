import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { mysqlSource } from './sources/mysql';
import { postgresSource, redshiftSource } from './sources/postgres';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [postgresSource as Plugin, mysqlSource as Plugin, redshiftSource as Plugin, activeCampaignDestination as Plugin];
