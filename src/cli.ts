import './check-node-version';
import { parseArgs } from 'node:util';
import { graphqlRequest } from './cli/graphql-request';
import { tokenCreate } from './cli/token-create';
import { tokenList } from './cli/token-list';
import { tokenRevoke } from './cli/token-revoke';
import { sampleChange } from './cli/sample-change';
import { sampleData } from './cli/sample-data';
import { exitCodeOf, watchRun } from './cli/watch-run';
import { applyConfig } from './cli/apply-config';
import { exportConfigFile } from './cli/export-config';
import { loadConfig } from './config';
import { builtinPlugins } from './plugins/builtin';
import { PluginRegistry } from './plugins/registry';

const usage = `Usage: npm run ferry -- <command>
  token create --name NAME [--expires WHEN]
                             create an API token and print it alone on stdout (WHEN: e.g. 2027-01-31T00:00:00Z)
  token list                 list API tokens: id, name, created, expires, last used, revoked (never the token)
  token revoke ID            stop a token at once, on HTTP and on the WebSockets it opened
  sample-data [--rows N]     create a sample warehouse table (customers) on Ferry's PostgreSQL
  sample-data set EMAIL COLUMN=VALUE …
                             change one customer of the sample warehouse (e.g. first_name=Grace)
  gql [--var k=v …] [--get path]
                             send the GraphQL operation on stdin; print the answer (or the value at path)
  watch RUN_ID               follow a sync run live (exit code 1 when it ends FAILED or CANCELLED)
  apply FILE [--dry-run] [--prune] [--skip-tests]
                             make Ferry hold the sources, destinations, models, syncs and notification rules
                             FILE names (ferry.yaml); a new rule's signing secret is printed once;
                             --dry-run prints the plan only, --prune deletes what FILE does not name,
                             --skip-tests stores sources and destinations without testing their connection
  export [--output FILE]     write Ferry's configuration as such a file (secrets as \${VARIABLE} references)
  help                       show this help
gql, watch, apply and export need FERRY_TOKEN; FERRY_URL defaults to http://127.0.0.1:4000/graphql`;

/** The plugins the server has too: the built-in ones and those FERRY_PLUGINS names. */
const plugins = () => PluginRegistry.withPackages(builtinPlugins, loadConfig().FERRY_PLUGINS);

const apiUrl = () => process.env.FERRY_URL ?? 'http://127.0.0.1:4000/graphql';

const options = {
  name: { type: 'string' },
  expires: { type: 'string' },
  rows: { type: 'string' },
  var: { type: 'string', multiple: true },
  get: { type: 'string' },
  'dry-run': { type: 'boolean' },
  prune: { type: 'boolean' },
  'skip-tests': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options each command takes, for the message about one it does not know. */
const commandOptions: Record<string, string> = {
  token: '--name NAME, --expires WHEN',
  'sample-data': '--rows N',
  gql: '--var name=value, --get path',
  apply: '--dry-run, --prune, --skip-tests',
  export: '--output FILE',
};

/** The arguments, or an error naming an option that does not exist and the ones the command takes. */
function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const option = /option '([^']+)'/.exec((error as Error).message)?.[1];
    if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !option) throw error;
    const command = argv.find((arg) => !arg.startsWith('-'));
    const known = command && commandOptions[command];
    throw new Error(
      `Unknown option ${option}${known ? `: ${command} takes ${known}` : ''}. \`npm run ferry -- help\` lists every command and its options.`,
    );
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv);
  const [command, sub] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (command === 'sample-data' && sub === 'set') return sampleChange(loadConfig(), positionals[2], positionals.slice(3));
  if (command === 'token' && sub === 'create') return tokenCreate(loadConfig(), values.name, values.expires);
  if (command === 'token' && sub === 'list') return tokenList(loadConfig());
  if (command === 'token' && sub === 'revoke') return tokenRevoke(loadConfig(), positionals[2]);
  if (command === 'sample-data') {
    const rows = Number(values.rows ?? 1000);
    if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
    return sampleData(loadConfig(), rows);
  }
  if (command === 'gql') return graphqlRequest(values.var ?? [], values.get, apiUrl(), process.env.FERRY_TOKEN);
  if (command === 'apply') {
    return applyConfig(
      plugins(),
      sub,
      { dryRun: values['dry-run'] ?? false, prune: values.prune ?? false, skipTests: values['skip-tests'] ?? false },
      process.env,
    );
  }
  if (command === 'export') return exportConfigFile(plugins(), values.output, process.env);
  if (command === 'watch') {
    const status = await watchRun(sub, apiUrl(), process.env.FERRY_TOKEN);
    process.exitCode = exitCodeOf(status);
    return;
  }
  throw new Error(command ? `Unknown command "${positionals.join(' ')}".\n${usage}` : usage);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
