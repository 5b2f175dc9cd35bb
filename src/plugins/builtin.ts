import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { databricksSource } from './sources/databricks';
import { elasticsearchSource } from './sources/elasticsearch';
import { postgresSource } from './sources/postgres';
import { sqlServerSource, synapseSource } from './sources/sqlserver';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [
  postgresSource as Plugin,
  databricksSource as Plugin,
  elasticsearchSource as Plugin,
  sqlServerSource as Plugin,
  synapseSource as Plugin,
  activeCampaignDestination as Plugin,
];
