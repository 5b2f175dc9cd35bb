import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { databricksSource } from './sources/databricks';
import { elasticsearchSource } from './sources/elasticsearch';
import { postgresSource } from './sources/postgres';
import { snowflakeSource } from './sources/snowflake';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [
  postgresSource as Plugin,
  databricksSource as Plugin,
  elasticsearchSource as Plugin,
  snowflakeSource as Plugin,
  activeCampaignDestination as Plugin,
];
