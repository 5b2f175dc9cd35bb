import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import type { GraphQLTestClient } from '../helpers/graphql-client';
import { memoryDestination } from '../helpers/memory-destination';
import { MemoryServer, memorySource } from '../helpers/memory-source';
import type { Plugin } from '../../src/plugins/contract';

/** Alert settings short enough for tests: rules looked at every 0.2 s, retries after 0.3 s, doubling, for 5.4 s. */
export const fastAlerts = {
  FERRY_ALERT_CHECK_SECONDS: '0.2',
  FERRY_ALERT_TIMEOUT_SECONDS: '3',
  FERRY_ALERT_RETRY_FIRST_SECONDS: '0.3',
  FERRY_ALERT_RETRY_MAX_SECONDS: '10',
  FERRY_ALERT_RETRY_FOR_HOURS: '0.0015',
};

/** A Ferry (API and worker) over an in-memory warehouse and an in-memory destination, with fast alerts. */
export interface AlertFixture {
  ferry: TestFerry;
  warehouse: MemoryServer;
  sourceId: string;
  destinationId: string;
}

export async function startAlertFixture(env: Record<string, string> = {}): Promise<AlertFixture> {
  const warehouse = new MemoryServer();
  const ferry = await startTestFerry({ ...fastAlerts, ...env }, [
    memorySource(warehouse) as unknown as Plugin,
    memoryDestination() as unknown as Plugin,
  ]);
  const { createSource } = await ferry.client.data(
    `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "memory-source", config: $c }) { id } }`,
    { c: { host: 'memory', database: 'warehouse', password: warehouse.password } },
  );
  const { createDestination } = await ferry.client.data(
    `mutation { createDestination(input: { name: "Memory", type: "memory", config: { account: "acme", token: "secret-token" } }) { id } }`,
  );
  return { ferry, warehouse, sourceId: createSource.id, destinationId: createDestination.id };
}

/** A table of people in the in-memory warehouse; `emails` null where a row has no email (rejected: empty sync key). */
export function peopleTable(warehouse: MemoryServer, name: string, emails: Array<string | null>): void {
  warehouse.tables.set(name, {
    columns: [
      { name: 'email', type: 'text' },
      { name: 'name', type: 'text' },
    ],
    rows: emails.map((email, i) => ({ email, name: `Person ${i + 1}` })),
  });
}

/** A sync of `sql` (the memory source's language: `SELECT * FROM t`, `FAIL ON READ t`, `SLEEP n`) to people. */
export async function createPeopleSync(fixture: AlertFixture, name: string, sql: string, syncKeyColumn = 'email'): Promise<string> {
  const { client } = fixture.ferry;
  const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
    i: { name, sourceId: fixture.sourceId, sql },
  });
  const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
    i: {
      name,
      modelId: createModel.id,
      destinationId: fixture.destinationId,
      object: 'person',
      behavior: 'UPDATE_OR_CREATE',
      syncKey: { column: syncKeyColumn, field: 'email' },
      mappings: syncKeyColumn === 'email' ? [{ from: 'name', to: 'name' }] : [],
    },
  });
  return createSync.id;
}

export const ruleFields = 'id name syncId condition rejectedRowsPercent duration format url enabled createdAt';
export const deliveryFields =
  'id ruleId event test syncId runId status attemptCount createdAt firstAttemptAt lastAttemptAt nextAttemptAt deliveredAt responseStatus responseBody error durationMs payload attempts { attemptedAt responseStatus responseBody error durationMs }';

export async function createRule(
  client: GraphQLTestClient,
  input: Record<string, unknown>,
): Promise<{ id: string; signingSecret: string; rule: any }> {
  const { createNotificationRule } = await client.data(
    `mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { signingSecret notificationRule { ${ruleFields} } } }`,
    { i: input },
  );
  return {
    id: createNotificationRule.notificationRule.id,
    signingSecret: createNotificationRule.signingSecret,
    rule: createNotificationRule.notificationRule,
  };
}

export async function deliveriesOf(client: GraphQLTestClient, ruleId: string): Promise<any[]> {
  const { notificationDeliveries } = await client.data(
    `query($id: ID!) { notificationDeliveries(ruleId: $id, first: 50) { totalCount edges { node { ${deliveryFields} } } } }`,
    { id: ruleId },
  );
  return notificationDeliveries.edges.map((edge: { node: unknown }) => edge.node);
}

/** Polls the rule's deliveries until `until` holds. */
export async function waitForDeliveries(
  client: GraphQLTestClient,
  ruleId: string,
  until: (deliveries: any[]) => boolean,
  timeoutMs = 20_000,
): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await deliveriesOf(client, ruleId);
    if (until(deliveries)) return deliveries;
    if (Date.now() > deadline) throw new Error(`deliveries did not reach the expected state: ${JSON.stringify(deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Verifier = (secret: string, header: string, body: string | Buffer, toleranceSeconds?: number) => boolean;

/** The verification snippet exactly as the README gives it (the fenced block after `<!-- verify-ferry-signature -->`). */
export function readmeVerifier(): Verifier {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const match = /<!-- verify-ferry-signature -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('the README has no verification snippet');
  const module = { exports: {} as Record<string, unknown> };
  // The snippet is CommonJS, as a receiver would paste it.
  new Function('require', 'module', 'exports', match[1])(require, module, module.exports);
  const verify = module.exports.verifyFerrySignature as Verifier | undefined;
  if (typeof verify !== 'function') throw new Error('the README snippet does not export verifyFerrySignature');
  return verify;
}
