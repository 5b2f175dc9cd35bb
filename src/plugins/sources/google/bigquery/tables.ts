import type { PluginContext, SourceTable, TablesOptions } from '../../../contract';
import { BigQueryApi } from './api';
import type { BigQueryConfig } from './config';

interface DatasetList {
  datasets?: Array<{ datasetReference: { datasetId: string }; location?: string }>;
  nextPageToken?: string;
}

interface TableList {
  tables?: Array<{ tableReference: { datasetId: string; tableId: string } }>;
  nextPageToken?: string;
}

async function* paged<T extends { nextPageToken?: string }>(fetch: (pageToken?: string) => Promise<T>): AsyncGenerator<T> {
  let pageToken: string | undefined;
  do {
    const page = await fetch(pageToken);
    yield page;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

/**
 * Tables and views of the project's datasets (datasets.list, then tables.list per dataset), as
 * `{ schema: dataset, name: table }`; only datasets in `location` when it is set. Stops at `first`.
 */
export async function tables(config: BigQueryConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const api = new BigQueryApi(config, ctx);
  const needle = search?.toLowerCase();
  const found: SourceTable[] = [];
  for await (const page of paged((pageToken) => api.get<DatasetList>('/datasets', { maxResults: 1000, pageToken }))) {
    for (const dataset of page.datasets ?? []) {
      if (config.location && dataset.location && dataset.location.toLowerCase() !== config.location.toLowerCase()) continue;
      const datasetId = dataset.datasetReference.datasetId;
      const path = `/datasets/${encodeURIComponent(datasetId)}/tables`;
      for await (const tablePage of paged((pageToken) => api.get<TableList>(path, { maxResults: 1000, pageToken }))) {
        for (const table of tablePage.tables ?? []) {
          const name = table.tableReference.tableId;
          if (needle && !`${datasetId}.${name}`.toLowerCase().includes(needle)) continue;
          found.push({ schema: datasetId, name });
          if (found.length >= first) return found;
        }
      }
    }
  }
  return found;
}
