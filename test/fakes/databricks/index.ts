import { randomBytes } from 'node:crypto';
import { FakeCatalog } from './catalog';
import { listen, type RequestRecord } from './server';
import { Statements, type LinkFaults } from './statements';
import type { FakeTableInput } from './types';

export type { FakeColumn, FakeTableInput } from './types';

export interface FakeDatabricksOptions {
  /** Port on 127.0.0.1; 0 (default) for a free one. */
  port?: number;
  /** Valid personal access tokens; default one random `dapi…` token. */
  tokens?: string[];
  /** The SQL warehouse's id; default `fakewarehouse01`. */
  warehouseId?: string;
  /** How long every statement stays PENDING, as while a stopped warehouse starts (default 0). */
  warehouseStartMs?: number;
  /** Rows per result chunk (default 20,000). */
  chunkRows?: number;
  /** Lifetime of a presigned chunk link (default 15 minutes, the documented maximum). */
  linkTtlMs?: number;
  /** Catalog and schema used when a request names none (default main / default). */
  defaultCatalog?: string;
  defaultSchema?: string;
}

export interface FakeDatabricks {
  /** Workspace URL, e.g. http://127.0.0.1:PORT: the plugin's host. */
  url: string;
  token: string;
  warehouseId: string;
  /** `/sql/1.0/warehouses/<id>`, as the warehouse's Connection details show it. */
  httpPath: string;
  addTable(table: FakeTableInput): void;
  dropTable(name: string, schema?: string, catalog?: string): void;
  /** Statements still PENDING or RUNNING. */
  runningStatements(): number;
  /** How many presigned links were handed out for chunk `index` of the statement. */
  linksIssued(statementId: string, index: number): number;
  requests: RequestRecord[];
  /** Link faults to inject: set a counter and the next links or downloads misbehave (see README). */
  faults: LinkFaults;
  close(): Promise<void>;
}

/** Starts a fake Databricks SQL warehouse speaking the Statement Execution API 2.0 on 127.0.0.1 (see README.md). */
export async function startFakeDatabricks(options: FakeDatabricksOptions = {}): Promise<FakeDatabricks> {
  const token = options.tokens?.[0] ?? `dapi${randomBytes(16).toString('hex')}`;
  const warehouseId = options.warehouseId ?? 'fakewarehouse01';
  const catalog = new FakeCatalog(options.defaultCatalog ?? 'main', options.defaultSchema ?? 'default');
  const statements = new Statements({
    chunkRows: options.chunkRows ?? 20_000,
    linkTtlMs: options.linkTtlMs ?? 15 * 60_000,
    warehouseStartMs: options.warehouseStartMs ?? 0,
  });
  const requests: RequestRecord[] = [];
  const { url, close } = await listen({ tokens: new Set(options.tokens ?? [token]), warehouseId, catalog, statements, requests }, options.port ?? 0);
  return {
    url,
    token,
    warehouseId,
    httpPath: `/sql/1.0/warehouses/${warehouseId}`,
    addTable: (table) => void catalog.add(table),
    dropTable: (name, schema, cat) => catalog.drop(name, schema, cat),
    runningStatements: () => statements.running(),
    linksIssued: (statementId, index) => statements.linksIssued.get(`${statementId}/${index}`) ?? 0,
    requests,
    faults: statements.faults,
    close,
  };
}
