import type { Plugin } from './contract';
import { activeCampaignDestination } from './destinations/activecampaign';
import { databricksSource } from './sources/databricks';
import { elasticsearchSource } from './sources/elasticsearch';
import { bigQuerySource } from './sources/google/bigquery';
import { googleSheetsSource } from './sources/google/sheets';
import { mysqlSource } from './sources/mysql';
import { postgresSource, redshiftSource } from './sources/postgres';
import { snowflakeSource } from './sources/snowflake';
import { sqlServerSource, synapseSource } from './sources/sqlserver';

/** Plugins that ship with Ferry; packages named in FERRY_PLUGINS add to these. */
export const builtinPlugins: Plugin[] = [
  postgresSource as Plugin,
  mysqlSource as Plugin,
  redshiftSource as Plugin,
  databricksSource as Plugin,
  elasticsearchSource as Plugin,
  snowflakeSource as Plugin,
  bigQuerySource as Plugin,
  googleSheetsSource as Plugin,

  sqlServerSource as Plugin,
  synapseSource as Plugin,
  activeCampaignDestination as Plugin,
];
