import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { afterEach, describe, test } from '@jest/globals';
import { useSourceResolver, type Plugin } from '../../src/plugins/contract';
import { mysqlSource } from '../../src/plugins/sources/mysql';
import { postgresSource, redshiftSource } from '../../src/plugins/sources/postgres';
import { sqlServerSource, synapseSource } from '../../src/plugins/sources/sqlserver';
import { pluginContext } from '../helpers/plugin-context';
import { useCountingListener } from '../helpers/counting-listener';

/**
 * SQL sources open their own sockets (pg, mysql2, tedious), outside undici: Ferry's outbound rules apply to them
 * too, on the host given and on every address its name resolves to at connect time.
 */
describe('SQL sources refuse link-local and cloud metadata addresses', () => {
  const listener = useCountingListener();
  let restoreResolver: (() => void) | undefined;
  afterEach(() => restoreResolver?.());

  /** Names resolve as a DNS server under an attacker's control would answer (the system's lookup for any other name). */
  function resolveNames(answers: Record<string, string[]>): void {
    restoreResolver = useSourceResolver(((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      const addresses: LookupAddress[] = (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (addresses.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      return all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family);
    }) as never);
  }

  const sources: Array<{ plugin: Plugin; config: (host: string) => Record<string, unknown> }> = [
    { plugin: postgresSource as Plugin, config: (host) => ({ host, port: listener.port, database: 'd', user: 'u', ssl: true }) },
    { plugin: redshiftSource as Plugin, config: (host) => ({ host, port: listener.port, database: 'd', user: 'u', password: 'p' }) },
    { plugin: mysqlSource as Plugin, config: (host) => ({ host, port: listener.port, database: 'd', user: 'u', password: 'p' }) },
    { plugin: sqlServerSource as Plugin, config: (host) => ({ server: host, port: listener.port, database: 'd', user: 'u', password: 'p' }) },
    { plugin: synapseSource as Plugin, config: (host) => ({ server: host, port: listener.port, database: 'd', user: 'u', password: 'p' }) },
  ];

  async function refusal(plugin: Plugin, config: Record<string, unknown>): Promise<{ code: string; message: string }> {
    const parsed = plugin.config.parse(config);
    const error = await (plugin as { test(config: unknown, ctx: unknown): Promise<void> }).test(parsed, pluginContext()).then(
      () => assert.fail('the connection test passed'),
      (failure: unknown) => failure as { code: string; message: string },
    );
    return error;
  }

  for (const { plugin, config } of sources) {
    describe(plugin.id, () => {
      test('a metadata address given literally is refused, naming the rule, and nothing is sent', async () => {
        const error = await refusal(plugin, config('169.254.169.254'));
        assert.equal(error.code, 'CONNECTION_FAILED');
        assert.match(error.message, /Refused to connect to 169\.254\.169\.254: .* link-local or cloud metadata address/);
      });

      test('a name that resolves to a link-local address is refused at connect time, and nothing reaches any of its addresses', async () => {
        // One good address and one bad: the whole name is refused, so the good one is not tried either.
        resolveNames({ 'warehouse.example.test': ['127.0.0.1', '169.254.10.20'] });
        const before = listener.connections;
        const error = await refusal(plugin, config('warehouse.example.test'));
        assert.equal(error.code, 'CONNECTION_FAILED');
        assert.match(error.message, /Refused to connect to warehouse\.example\.test: 169\.254\.10\.20 is a link-local or cloud metadata address/);
        assert.equal(listener.connections, before, 'no connection was opened');
      });

      test('the same name resolving to an allowed address connects (the check is on the resolved address)', async () => {
        resolveNames({ 'warehouse.example.test': ['127.0.0.1'] });
        const before = listener.connections;
        const error = await refusal(plugin, config('warehouse.example.test'));
        assert.doesNotMatch(error.message, /Refused to connect/);
        assert.equal(listener.connections, before + 1, 'the connection reached 127.0.0.1');
      });

      test('the IPv6 and Alibaba metadata addresses are refused too (the latter lies in 100.64/10, which sources may reach)', async () => {
        for (const address of ['fd00:ec2::254', '100.100.100.200']) {
          const error = await refusal(plugin, config(address));
          assert.match(error.message, /link-local or cloud metadata address/, address);
        }
      });

      test('a cloud metadata service named by its host name is refused', async () => {
        const error = await refusal(plugin, config('metadata.google.internal'));
        assert.match(error.message, /metadata\.google\.internal is a cloud metadata service/);
      });
    });
  }
});
