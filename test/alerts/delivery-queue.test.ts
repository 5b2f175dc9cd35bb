import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Pool } from 'pg';
import { DeliveryLoop } from '../../src/alerts/delivery-loop';
import { claimDueDeliveries, insertDelivery } from '../../src/alerts/delivery-store';
import { evaluateRules } from '../../src/alerts/evaluate-rules';
import { createAlertAgent, postDelivery } from '../../src/alerts/post-delivery';
import { sendTestDelivery } from '../../src/alerts/test-delivery';
import { createPeopleSync, createRule, peopleTable, startAlertFixture, type AlertFixture } from './alert-fixture';

describe('the delivery queue shared by workers', () => {
  let fixture: AlertFixture;
  let pools: Pool[];

  beforeAll(async () => {
    // API only: no worker evaluates or sends here; the test plays several workers itself.
    fixture = await startAlertFixture({ FERRY_ROLE: 'api' });
    pools = [1, 2, 3].map(() => new Pool({ connectionString: fixture.ferry.databaseUrl, max: 2 }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all((pools ?? []).map((pool) => pool.end()));
    await fixture?.ferry.stop();
  });

  test('workers evaluating at once, and an evaluation repeated after a crash, store one delivery per rule and run', async () => {
    peopleTable(fixture.warehouse, 'people', ['ada@example.com']);
    const syncId = await createPeopleSync(fixture, 'People', 'SELECT * FROM people');
    const rule = await createRule(fixture.ferry.client, { name: 'Failed', condition: 'RUN_FAILED', url: 'https://alerts.example.com/hook' });
    const db = fixture.ferry.ferry.db;
    const [run] = await db.query(
      `INSERT INTO sync_runs (sync_id, status, trigger, started_at, finished_at, error) VALUES ($1, 'FAILED', 'MANUAL', now(), now(), 'boom') RETURNING id`,
      [syncId],
    );
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE rule_id = $1`, [rule.id]))[0].n;
    const stored = await Promise.all(pools.flatMap((pool) => [evaluateRules(pool), evaluateRules(pool)]));
    assert.equal(
      stored.reduce((a, b) => a + b, 0),
      1,
    );
    assert.equal(await count(), 1);
    // As if the process had crashed after storing the delivery but before the run was marked: looked at again.
    await db.query(`UPDATE sync_runs SET alerts_checked = false WHERE id = $1`, [run.id]);
    assert.equal(await evaluateRules(pools[0]), 0);
    assert.equal(await count(), 1, 'the incident key keeps it to one');
    const [{ alerts_checked }] = await db.query(`SELECT alerts_checked FROM sync_runs WHERE id = $1`, [run.id]);
    assert.equal(alerts_checked, true);
    await db.query(`DELETE FROM notification_deliveries WHERE rule_id = $1`, [rule.id]);
  });

  test('workers claiming at once each take different deliveries (SKIP LOCKED), and a taken one waits out its lease', async () => {
    const rule = await createRule(fixture.ferry.client, { name: 'Queue', condition: 'RUN_FAILED', url: 'https://alerts.example.com/hook' });
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const id of ids) {
      await insertDelivery(pools[0], {
        id,
        ruleId: rule.id,
        incidentKey: id,
        event: 'run.failed',
        test: false,
        syncId: null,
        runId: null,
        body: '{}',
      });
    }
    const taken: string[] = [];
    await Promise.all(
      pools.map(async (pool) => {
        for (;;) {
          const claimed = await claimDueDeliveries(pool, 4, 60_000);
          if (claimed.length === 0) return;
          taken.push(...claimed.map((delivery) => delivery.id));
        }
      }),
    );
    assert.equal(taken.length, 30, 'none taken twice');
    assert.deepEqual([...taken].sort(), [...ids].sort());
    assert.deepEqual(await claimDueDeliveries(pools[0], 4, 60_000), [], 'leased: not due again yet');
    await fixture.ferry.ferry.db.query(`UPDATE notification_deliveries SET next_attempt_at = now() WHERE id = $1`, [ids[0]]);
    const [again] = await claimDueDeliveries(pools[1], 4, 60_000);
    assert.equal(again.id, ids[0], 'after its lease (a worker that died while sending), another takes it');
    assert.equal(again.attempt, 2);

    const [waiting] = ids.slice(1);
    await fixture.ferry.ferry.db.query(`UPDATE notification_deliveries SET next_attempt_at = now() WHERE id = $1`, [waiting]);
    await fixture.ferry.client.data(`mutation($id: ID!) { updateNotificationRule(id: $id, input: { enabled: false }) { id } }`, { id: rule.id });
    assert.deepEqual(await claimDueDeliveries(pools[0], 4, 60_000), [], "a disabled rule's deliveries wait");
    await fixture.ferry.client.data(`mutation($id: ID!) { updateNotificationRule(id: $id, input: { enabled: true }) { id } }`, { id: rule.id });
    assert.deepEqual(
      (await claimDueDeliveries(pools[0], 4, 60_000)).map((delivery) => delivery.id),
      [waiting],
      'and go again once it is enabled',
    );
  });

  test('a delivery taken just as the loop stops is given back untried: due at once, no attempt counted', async () => {
    const rule = await createRule(fixture.ferry.client, { name: 'Stopping', condition: 'RUN_FAILED', url: 'https://alerts.example.com/hook' });
    const id = randomUUID();
    await insertDelivery(pools[0], { id, ruleId: rule.id, incidentKey: id, event: 'run.failed', test: false, syncId: null, runId: null, body: '{}' });
    const agent = createAlertAgent(2_000);
    const { ferry } = fixture.ferry;
    const loop = new DeliveryLoop({
      pool: pools[2],
      dispatcher: agent,
      secrets: ferry.secrets,
      logger: ferry.logger,
      timeoutMs: 2_000,
      retry: { firstMs: 30_000, maxMs: 3_600_000, retryForMs: 86_400_000 },
    });
    loop.start(); // its look (a claim) is in flight...
    await loop.stop(); // ...when it is told to stop, so nothing is sent
    await agent.close();
    const [row] = await ferry.db.query(
      `SELECT status, attempt_count, first_attempt_at, next_attempt_at <= now() AS due FROM notification_deliveries WHERE id = $1`,
      [id],
    );
    const attempts = await ferry.db.query(`SELECT 1 FROM notification_attempts WHERE delivery_id = $1`, [id]);
    assert.equal(attempts.length, 0, 'nothing was sent');
    assert.deepEqual(row, { status: 'PENDING', attempt_count: 0, first_attempt_at: null, due: true });
    await ferry.db.query(`DELETE FROM notification_deliveries WHERE rule_id = $1`, [rule.id]);
  });

  test('a test delivery of a rule deleted in the meantime is NOT_FOUND, and nothing is stored', async () => {
    const { ferry } = fixture.ferry;
    const agent = createAlertAgent(2_000);
    const gone = randomUUID();
    const deps = {
      pool: pools[0],
      dispatcher: agent,
      secrets: ferry.secrets,
      logger: ferry.logger,
      timeoutMs: 2_000,
      retry: { firstMs: 1, maxMs: 1, retryForMs: 1 },
    };
    await assert.rejects(sendTestDelivery(deps, gone), (error: { extensions?: { code?: string }; message: string }) => {
      assert.equal(error.extensions?.code, 'NOT_FOUND');
      assert.match(error.message, new RegExp(`Notification rule "${gone}" not found`));
      return true;
    });
    await agent.close();
    assert.equal((await ferry.db.query(`SELECT 1 FROM notification_deliveries WHERE rule_id = $1`, [gone])).length, 0);
  });
});

describe('one attempt', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  const agent = createAlertAgent(2_000);
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      if (request.url === '/hang') return; // never answers
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `${url}/ok` });
        return response.end();
      }
      if (request.url === '/big') {
        response.writeHead(503);
        return response.end(`${'\u0007'}${'é'.repeat(1_000_000)}`);
      }
      response.end('fine');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (path: string, timeoutMs = 2_000) =>
    postDelivery({ url: `${url}${path}`, body: '{}', headers: { 'content-type': 'application/json' } }, { dispatcher: agent, timeoutMs });

  test('a receiver that does not answer is given up on at the timeout', async () => {
    const outcome = await post('/hang', 300);
    assert.equal(outcome.delivered, false);
    assert.equal(outcome.status, null);
    assert.equal(outcome.error, 'no answer within 0.3 s (FERRY_ALERT_TIMEOUT_SECONDS)');
    assert.ok(outcome.durationMs >= 290 && outcome.durationMs < 2_000, `${outcome.durationMs} ms`);
  });

  test('a redirect is not followed, and a huge answer is read only as far as its excerpt', async () => {
    const before = requests;
    const redirected = await post('/redirect');
    assert.equal(redirected.delivered, false);
    assert.equal(redirected.status, 302);
    assert.equal(requests, before + 1, 'the Location was not requested');
    const big = await post('/big');
    assert.equal(big.status, 503);
    assert.equal(big.responseBody!.length, 1001, '1,000 characters and an ellipsis');
    assert.ok(big.responseBody!.startsWith('éé'), 'control characters dropped');
  });

  test('link-local and metadata addresses are refused without connecting', async () => {
    const outcome = await postDelivery(
      { url: 'http://169.254.169.254/latest/meta-data', body: '{}', headers: {} },
      { dispatcher: agent, timeoutMs: 2_000 },
    );
    assert.equal(outcome.delivered, false);
    assert.match(outcome.error!, /link-local or cloud metadata address, which Ferry never connects to/);
  });
});
