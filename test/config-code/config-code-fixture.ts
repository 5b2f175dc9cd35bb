import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { parseDocument } from 'yaml';
import { applyConfig } from '../../src/cli/apply-config';
import { PluginRegistry } from '../../src/plugins/registry';
import { postgresSourceConfig } from '../helpers/ferry-server';
import { enginePlugins, type Warehouse } from '../helpers/sync-fixtures';
import { readmeExample } from './readme-example';

/** The plugins the CLI checks a file with in these tests: the test Ferry's own. */
export const registry = new PluginRegistry(enginePlugins);

/** The README's ferry.yaml, as the README has it now. */
export const readmeConfigExample = (): string => readmeExample(readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8'));

/** Points the README example's source at the test's warehouse (without TLS) and its destination at the fake account. */
export function pointAtTestServices(doc: ReturnType<typeof parseDocument>, warehouse: Warehouse, fakeUrl: string): void {
  const { host, port, database, user } = postgresSourceConfig(warehouse.url);
  for (const [key, value] of Object.entries({ host, port, database, user, ssl: false })) doc.setIn(['sources', 'warehouse', 'config', key], value);
  doc.setIn(['destinations', 'activecampaign', 'config', 'apiUrl'], fakeUrl);
}

/** The warehouse table the README example's models read: five customers, every second one on the Pro plan. */
export async function createCustomers(warehouse: Warehouse): Promise<void> {
  await warehouse.client.query(`CREATE TABLE customers AS
    SELECT 'c' || g || '@example.com' AS email, 'First' || g AS first_name, 'Last' || g AS last_name, '+1555000' || g AS phone,
           CASE WHEN g % 2 = 0 THEN 'Pro' ELSE 'Free' END AS plan
    FROM generate_series(1, 5) g`);
}

/** `ferry apply` on a file, in process; what it printed. */
export async function applyFile(
  file: string,
  options: { dryRun?: boolean; prune?: boolean; skipTests?: boolean },
  environment: NodeJS.ProcessEnv,
): Promise<string> {
  let output = '';
  await applyConfig(
    registry,
    file,
    { dryRun: options.dryRun ?? false, prune: options.prune ?? false, skipTests: options.skipTests ?? false },
    environment,
    (text) => (output += text),
  );
  return output;
}
