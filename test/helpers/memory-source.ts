import { z } from 'zod';
import {
  ConnectionError,
  PluginConfigError,
  type Column,
  type ModelQuery,
  type PluginContext,
  type Row,
  type SourcePlugin,
} from '../../src/plugins/contract';
import type { FixtureColumn, SourceFixture } from '../conformance/source-fixture';

/**
 * A source whose "server" is an object in this process, with a tiny query language, for testing the conformance
 * suite itself: it keeps every promise of the contract, and `brokenMemorySource` variants each break one.
 *
 *   SELECT * FROM <table>       a table's rows         GENERATE <count>     generated rows (id, email, amount, created)
 *   SLEEP <seconds>             no row for that long   FAIL ON READ <table> described like the table, fails when read
 */
export class MemoryServer {
  readonly tables = new Map<string, { columns: FixtureColumn[]; rows: Row[] }>();
  readonly password = 'memory-password';
  readonly databases = new Set(['warehouse']);
  openSessions = 0;
}

const config = z.object({
  host: z.string(),
  database: z.string(),
  password: z.string().meta({ writeOnly: true }),
  connectTimeoutSeconds: z.number().positive().default(5),
});
type MemoryConfig = z.infer<typeof config>;

const typeNames: Record<FixtureColumn['type'], string> = {
  integer: 'int4',
  bigint: 'int8',
  numeric: 'numeric',
  double: 'float8',
  text: 'text',
  boolean: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  json: 'json',
  'text[]': '_text',
};
const generatedColumns: Column[] = [
  { name: 'id', type: 'int4' },
  { name: 'email', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'created', type: 'date' },
];

type Plan =
  | { kind: 'rows'; columns: Column[]; rows: (index: number) => Row | undefined; count: number }
  | { kind: 'sleep'; seconds: number }
  | { kind: 'fail'; columns: Column[] };

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface MemorySourceFlaws {
  /** read() yields an empty batch after the last full one. */
  emptyLastBatch?: boolean;
  /** read() keeps its session open when the consumer breaks early (return() on the iterator). */
  leaksOnBreak?: boolean;
  /** read() gives bigint columns as numbers. */
  bigintAsNumber?: boolean;
  /** read() gathers every row before yielding the first batch. */
  loadsEverything?: boolean;
  /** columns() reads the first row to learn the columns. */
  columnsReadsRows?: boolean;
}

/** The in-memory source over `server`; `flaws` break the promises they name. */
export function memorySource(server: MemoryServer, flaws: MemorySourceFlaws = {}): SourcePlugin<typeof config> {
  const connect = async (cfg: MemoryConfig, ctx: PluginContext) => {
    ctx.signal.throwIfAborted();
    if (cfg.host === 'blackhole.memory') {
      await abortable(cfg.connectTimeoutSeconds * 1000, ctx.signal);
      throw new ConnectionError(`Could not connect to ${cfg.host} within ${cfg.connectTimeoutSeconds} seconds: check the host`);
    }
    if (cfg.host !== 'memory') throw new ConnectionError(`Could not connect to ${cfg.host}: connection refused. Check the host`);
    if (cfg.password !== server.password) throw new ConnectionError('The server refused the password: check the password');
    if (!server.databases.has(cfg.database)) throw new ConnectionError(`Database "${cfg.database}" does not exist: check the database name`);
  };

  const tableOf = (name: string) => {
    const table = server.tables.get(name);
    if (!table) throw new PluginConfigError(`relation "${name}" does not exist`);
    return table;
  };
  const columnsOf = (name: string): Column[] => tableOf(name).columns.map((c) => ({ name: c.name, type: typeNames[c.type] }));

  const plan = (query: ModelQuery): Plan => {
    const text = query.kind === 'table' ? `SELECT * FROM ${query.table.name}` : query.sql.trim();
    let match: RegExpExecArray | null;
    if ((match = /^SELECT \* FROM (.+)$/s.exec(text))) {
      const { rows } = tableOf(match[1]);
      return { kind: 'rows', columns: columnsOf(match[1]), rows: (i) => rows[i] && { ...rows[i] }, count: rows.length };
    }
    if ((match = /^GENERATE (\d+)$/.exec(text))) {
      const row = (i: number): Row => ({ id: i + 1, email: `user${i + 1}@example.com`, amount: `${i + 1}.50`, created: '2024-01-01' });
      return { kind: 'rows', columns: generatedColumns, rows: row, count: Number(match[1]) };
    }
    if ((match = /^SLEEP (\d+)$/.exec(text))) return { kind: 'sleep', seconds: Number(match[1]) };
    if ((match = /^FAIL ON READ (.+)$/.exec(text))) return { kind: 'fail', columns: columnsOf(match[1]) };
    throw new PluginConfigError(`syntax error at or near "${text.split(/\s+/)[0]}"`);
  };

  const bigintColumns = (columns: Column[]) => new Set(columns.filter((c) => c.type === 'int8').map((c) => c.name));

  return {
    id: 'memory-source',
    kind: 'source',
    name: 'In-memory source',
    version: '0.0.1',
    config,
    test: connect,
    async columns(cfg, query, ctx) {
      await connect(cfg, ctx);
      const planned = plan(query);
      if (planned.kind === 'sleep') return [{ name: 'pause', type: 'void' }];
      if (flaws.columnsReadsRows && planned.kind === 'fail') throw new PluginConfigError('division by zero');
      return planned.columns;
    },
    async *read(cfg, query, { batchSize }, ctx) {
      await connect(cfg, ctx);
      const planned = plan(query);
      server.openSessions += 1;
      let closed = false;
      const close = () => {
        if (!closed) server.openSessions -= 1;
        closed = true;
      };
      let leftEarly = true;
      try {
        if (planned.kind === 'sleep') {
          await abortable(planned.seconds * 1000, ctx.signal);
          yield [{ pause: null }];
          leftEarly = false;
          return;
        }
        if (planned.kind === 'fail') throw new PluginConfigError('division by zero');
        const bigints = bigintColumns(planned.columns);
        const shape = (row: Row): Row => {
          if (!flaws.bigintAsNumber) return row;
          for (const name of bigints) if (row[name] !== null) row[name] = Number(row[name]);
          return row;
        };
        const all = flaws.loadsEverything ? Array.from({ length: planned.count }, (_, i) => shape(planned.rows(i)!)) : null;
        for (let start = 0; start < planned.count; start += batchSize) {
          ctx.signal.throwIfAborted();
          const batch: Row[] = [];
          for (let i = start; i < Math.min(start + batchSize, planned.count); i += 1) batch.push(all ? all[i] : shape(planned.rows(i)!));
          await new Promise((resolve) => setImmediate(resolve));
          yield batch;
        }
        if (flaws.emptyLastBatch) yield [];
        leftEarly = false;
      } catch (error) {
        leftEarly = false;
        throw error;
      } finally {
        if (!leftEarly || !flaws.leaksOnBreak) close();
      }
    },
    tables: async (cfg, { search, first }, ctx) => {
      await connect(cfg, ctx);
      return [...server.tables.keys()]
        .filter((name) => !search || name.toLowerCase().includes(search.toLowerCase()))
        .slice(0, first)
        .map((name) => ({ schema: null, name }));
    },
  };
}

/** The conformance fixture of a memory source over a fresh server. */
export function memorySourceFixture(flaws: MemorySourceFlaws = {}): SourceFixture<MemoryConfig> {
  const server = new MemoryServer();
  const plugin = memorySource(server, flaws);
  return {
    plugin: plugin as unknown as SourcePlugin,
    setUp: async () => ({ host: 'memory', database: 'warehouse', password: server.password, connectTimeoutSeconds: 5 }),
    tearDown: async () => undefined,
    badConfigs: (good) => ({
      wrongPassword: { config: { ...good, password: 'wrong' }, message: /refused the password/ },
      unknownDatabase: { config: { ...good, database: 'nowhere' }, message: /Database "nowhere" does not exist/ },
      unreachableHost: { config: { ...good, host: 'closed.memory' }, message: /Could not connect to closed\.memory: connection refused/ },
      timeout: { config: { ...good, host: 'blackhole.memory', connectTimeoutSeconds: 0.2 }, message: /within 0\.2 seconds/ },
    }),
    async createTable(name, columns, rows) {
      server.tables.set(name, { columns, rows: rows.map((values) => Object.fromEntries(columns.map((c, i) => [c.name, values[i] ?? null]))) });
      return { kind: 'sql', sql: `SELECT * FROM ${name}` };
    },
    table: (name) => ({ schema: null, name }),
    failsWhenExecuted: async () => {
      server.tables.set('always_fails', { columns: [{ name: 'boom', type: 'integer' }], rows: [] });
      return { kind: 'sql', sql: 'FAIL ON READ always_fails' };
    },
    generatedRows: (count) => ({ kind: 'sql', sql: `GENERATE ${count}` }),
    slowQuery: (seconds) => ({ kind: 'sql', sql: `SLEEP ${seconds}` }),
    invalidQuery: () => ({ query: { kind: 'sql', sql: 'SELEC nothing' }, message: /syntax error at or near "SELEC"/ }),
    openSessions: async () => server.openSessions,
  };
}
