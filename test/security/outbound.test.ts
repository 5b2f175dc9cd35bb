import assert from 'node:assert/strict';
import { lookup, type LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { guardedLookup, hostRefusal } from '../../src/engine/http/outbound-guard';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

/** A resolver that answers with fixed addresses, as a rebinding DNS server would at connect time. */
const resolving = (...addresses: string[]) =>
  ((_name: string, _options: unknown, callback: (error: Error | null, addresses: LookupAddress[]) => void) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    )) as never;

const lookupResult = (lookup: ReturnType<typeof guardedLookup>) =>
  new Promise<string>((resolve) =>
    (lookup as any)('api.example.com', { all: false }, (error: Error | null, address: string) =>
      resolve(error ? `refused: ${error.message}` : address),
    ),
  );

describe('outbound requests: link-local and metadata always refused, private ranges refused for destinations', () => {
  test('every resolved address is checked at connect time (DNS rebinding to the metadata address does not get through)', async () => {
    const destination = { allowPrivate: false };
    const source = { allowPrivate: true };
    assert.equal(await lookupResult(guardedLookup(destination, resolving('93.184.216.34'))), '93.184.216.34');
    assert.match(
      await lookupResult(guardedLookup(destination, resolving('93.184.216.34', '169.254.169.254'))),
      /refused: .*169\.254\.169\.254 is a link-local or cloud metadata address/,
    );
    assert.match(await lookupResult(guardedLookup(source, resolving('::ffff:169.254.169.254'))), /refused/);
    assert.match(await lookupResult(guardedLookup(source, resolving('fd00:ec2::254'))), /refused/);
    assert.match(await lookupResult(guardedLookup(destination, resolving('10.0.0.5'))), /private address.*FERRY_ALLOW_PRIVATE_DESTINATIONS=true/);
    assert.equal(await lookupResult(guardedLookup(source, resolving('10.0.0.5'))), '10.0.0.5');
    assert.equal(await lookupResult(guardedLookup(destination, resolving('127.0.0.1'))), '127.0.0.1', 'loopback stays allowed');
    assert.match(hostRefusal('metadata.google.internal', source)!, /cloud metadata service/);
    assert.match(hostRefusal('[fe80::1]', source)!, /link-local/);
  });

  test('an IPv4 address carried in IPv6 (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, IPv4-compatible ::/96) is judged as that IPv4', async () => {
    // On an IPv6-only network with NAT64 (AWS and GCP offer it), 64:ff9b::a00:5 reaches 10.0.0.5.
    const destination = { allowPrivate: false };
    const source = { allowPrivate: true };
    for (const address of ['64:ff9b::a9fe:a9fe', '64:ff9b::169.254.169.254', '64:ff9b:1::a9fe:a9fe', '::a9fe:a9fe', '::ffff:a9fe:a9fe']) {
      assert.match(await lookupResult(guardedLookup(source, resolving(address))), /link-local or cloud metadata address/, address);
      assert.match(hostRefusal(`[${address}]`, source) ?? 'allowed', /link-local or cloud metadata address/, address);
    }
    assert.match(await lookupResult(guardedLookup(destination, resolving('64:ff9b::a00:5'))), /private address/);
    assert.match(await lookupResult(guardedLookup(destination, resolving('64:ff9b::100.100.100.200'))), /cloud metadata/);
    assert.equal(
      await lookupResult(guardedLookup(destination, resolving('64:ff9b::5db8:d822'))),
      '64:ff9b::5db8:d822',
      'a public IPv4 through NAT64',
    );
    assert.equal(await lookupResult(guardedLookup(destination, resolving('::1'))), '::1', 'loopback stays allowed');
    // Decimal, octal and hex IPv4 forms are parsed by the system's lookup (no query goes out) and the dotted address is checked.
    for (const name of ['2852039166', '0251.0376.0251.0376', '0xa9fea9fe']) {
      const refused = await new Promise<string>((resolve) =>
        (guardedLookup(source, lookup) as any)(name, { all: true }, (error: Error | null) => resolve(error?.message ?? 'allowed')),
      );
      assert.match(refused, /169\.254\.169\.254 is a link-local or cloud metadata address/, name);
    }
  });

  describe('through the API', () => {
    let ferry: TestFerry;
    beforeAll(async () => {
      ferry = await startTestFerry({ FERRY_ROLE: 'api' });
    });
    afterAll(() => ferry.stop());

    test('a destination pointed at the metadata address or a private one is refused before any byte is sent', async () => {
      for (const [apiUrl, why] of [
        ['https://169.254.169.254', /link-local or cloud metadata address/],
        ['https://metadata.google.internal', /cloud metadata service/],
        ['https://10.1.2.3', /private address.*FERRY_ALLOW_PRIVATE_DESTINATIONS=true/],
      ] as const) {
        const refused = await ferry.client.error(
          `mutation($c: JSONObject!) { createDestination(input: { name: "x", type: "activecampaign", config: $c }) { id } }`,
          {
            c: { apiUrl, apiKey: 'k' },
          },
        );
        assert.equal(refused.code, 'CONNECTION_FAILED', apiUrl);
        assert.match(refused.message, why);
      }
    });

    test("a reply that is not ActiveCampaign's JSON is never repeated, and a huge one is not read to the end", async () => {
      let huge = false;
      let html = false;
      const server: Server = createServer((_request, response) => {
        if (huge) {
          response.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(1024 * 1024, 0x20);
          for (let i = 0; i < 20; i += 1) response.write(chunk);
          response.end('{}');
        } else if (html) {
          response
            .writeHead(502, { 'content-type': 'text/html' })
            .end('<html><head><title>502 Bad Gateway: db_password=hunter2 at 10.0.0.7</title></head></html>');
        } else response.writeHead(500, { 'content-type': 'text/plain' }).end('internal: db_password=hunter2 at 10.0.0.7');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const create = () =>
          ferry.client.error(`mutation($c: JSONObject!) { createDestination(input: { name: "x", type: "activecampaign", config: $c }) { id } }`, {
            c: { apiUrl, apiKey: 'k' },
          });
        const echoed = await create();
        assert.doesNotMatch(echoed.message, /hunter2|10\.0\.0\.7/);
        assert.match(echoed.message, /HTTP 500 with a non-JSON body \(text\/plain, \d+ bytes\)/);
        html = true;
        const page = await create();
        html = false;
        assert.doesNotMatch(page.message, /hunter2|10\.0\.0\.7|Bad Gateway/, 'not even the page title is quoted');
        assert.match(page.message, /HTTP 502 with a non-JSON body \(an HTML page, \d+ bytes\)/);
        huge = true;
        const tooLarge = await create();
        assert.match(tooLarge.message, /larger than 16777216 bytes/);
      } finally {
        server.close();
      }
    }, 60_000);
  });
});
