import type { Row } from '../../../src/plugins/contract';
import { databricksConfig, type DatabricksConfig } from '../../../src/plugins/sources/databricks/config';
import { startFakeDatabricks, type FakeDatabricks, type FakeDatabricksOptions } from '../../fakes/databricks';

/** A fake warehouse and the plugin config that reaches it, as a user would type it into the form. */
export async function databricksFixture(
  options: FakeDatabricksOptions = {},
  overrides: Partial<DatabricksConfig> = {},
): Promise<{ fake: FakeDatabricks; config: DatabricksConfig }> {
  const fake = await startFakeDatabricks(options);
  const config = databricksConfig.parse({ host: fake.url, httpPath: fake.httpPath, token: fake.token, ...overrides });
  return { fake, config };
}

export async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}
