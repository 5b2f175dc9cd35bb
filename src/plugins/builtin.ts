import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { bigQuerySource } from './sources/google/bigquery';
import { googleSheetsSource } from './sources/google/sheets';
import { postgresSource } from './sources/postgres';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [postgresSource as Plugin, bigQuerySource as Plugin, googleSheetsSource as Plugin, activeCampaignDestination as Plugin];
