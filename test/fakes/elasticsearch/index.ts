import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeCluster } from './cluster';
import { Cursors } from './cursors';
import { PointsInTime } from './pits';
import { listen, type RequestRecord } from './server';
import type { FakeIndexInput, GeneratedIndexInput } from './types';

export type { FakeIndexInput, FieldMapping, GeneratedIndexInput } from './types';

export interface FakeElasticsearchOptions {
  port?: number;
  /** Users and passwords for Basic auth; default `ferry` with a random password. */
  users?: Record<string, string>;
  version?: string;
  /** Serve https with the test CA's certificate for 127.0.0.1 (tls/; trust tls/ca.pem to connect). */
  https?: boolean;
}

/** The test CA that signed the https mode's certificate (PEM). */
export const testCaCertificate = (): string => readFileSync(join(tlsDir(), 'ca.pem'), 'utf8');

/** tls/ lives beside the sources; the compiled fake runs from dist/, so look there first, then in the sources. */
function tlsDir(): string {
  const beside = join(__dirname, 'tls');
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', '..', 'test', 'fakes', 'elasticsearch', 'tls');
}

export interface FakeElasticsearch {
  url: string;
  /** An API key as the create-API-key call returns it; `encoded` is what goes after `Authorization: ApiKey `. */
  apiKey: { id: string; api_key: string; encoded: string };
  user: { username: string; password: string };
  addIndex(index: FakeIndexInput): void;
  addGeneratedIndex(index: GeneratedIndexInput): void;
  deleteIndex(name: string): void;
  /** SQL cursors open right now (expired ones are not counted). */
  openCursors(): number;
  /** Cursors a client closed with /_sql/close. */
  cursorsClosedByClient(): number;
  /** SQL queries still being answered. */
  runningQueries(): number;
  /** Points in time open right now (expired ones are not counted). */
  openPits(): number;
  /** Points in time a client closed with DELETE /_pit. */
  pitsClosedByClient(): number;
  requests: RequestRecord[];
  close(): Promise<void>;
}

/** Starts a fake Elasticsearch (SQL API, _resolve/index, _cat) on 127.0.0.1 with security on (see README.md). */
export async function startFakeElasticsearch(options: FakeElasticsearchOptions = {}): Promise<FakeElasticsearch> {
  const id = randomBytes(10).toString('base64url');
  const key = randomBytes(16).toString('base64url');
  const users = options.users ?? { ferry: randomBytes(12).toString('hex') };
  const cluster = new FakeCluster();
  const cursors = new Cursors();
  const pits = new PointsInTime();
  const inFlight = { count: 0 };
  const requests: RequestRecord[] = [];
  const { url, close } = await listen(
    { credentials: { apiKeys: [{ id, api_key: key }], users }, cluster, cursors, pits, inFlight, requests, version: options.version ?? '8.15.0' },
    options.port ?? 0,
    options.https ? { key: readFileSync(join(tlsDir(), 'server.key'), 'utf8'), cert: readFileSync(join(tlsDir(), 'server.pem'), 'utf8') } : undefined,
  );
  const [username, password] = Object.entries(users)[0];
  return {
    url,
    apiKey: { id, api_key: key, encoded: Buffer.from(`${id}:${key}`).toString('base64') },
    user: { username, password },
    addIndex: (index) => cluster.add(index),
    addGeneratedIndex: (index) => cluster.addGenerated(index),
    deleteIndex: (name) => void cluster.indices.delete(name),
    openCursors: () => cursors.count(),
    cursorsClosedByClient: () => cursors.closedByClient,
    openPits: () => pits.count(),
    runningQueries: () => inFlight.count,
    pitsClosedByClient: () => pits.closedByClient,
    requests,
    close,
  };
}
