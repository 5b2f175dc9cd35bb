import './check-node-version';
import { parseArgs } from 'node:util';
import { graphqlRequest } from './cli/graphql-request';
import { tokenCreate } from './cli/token-create';
import { sampleData } from './cli/sample-data';
import { watchRun } from './cli/watch-run';
import { loadConfig } from './config';

const usage = `Usage: npm run ferry -- <command>
  token create --name NAME   create an API token and print it alone on stdout
  sample-data [--rows N]     create a sample warehouse table (customers) on Ferry's PostgreSQL
  gql [--var k=v …] [--get path]
                             send the GraphQL operation on stdin; print the answer (or the value at path)
  watch RUN_ID               follow a sync run live
gql and watch need FERRY_TOKEN; FERRY_URL defaults to http://127.0.0.1:4000/graphql`;

const apiUrl = () => process.env.FERRY_URL ?? 'http://127.0.0.1:4000/graphql';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: 'string' }, rows: { type: 'string' }, var: { type: 'string', multiple: true }, get: { type: 'string' } } });
  const [command, sub] = positionals;
  if (command === 'token' && sub === 'create') return tokenCreate(loadConfig(), values.name);
  if (command === 'sample-data') {
    const rows = Number(values.rows ?? 1000);
    if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
    return sampleData(loadConfig(), rows);
  }
  if (command === 'gql') return graphqlRequest(values.var ?? [], values.get, apiUrl(), process.env.FERRY_TOKEN);
  if (command === 'watch') return watchRun(sub, apiUrl(), process.env.FERRY_TOKEN);
  throw new Error(usage);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
