import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { verifyKeyPairJwt } from './auth';
import { inProgressReply, statementReply, type Reply } from './responses';
import { planStatement, SqlFailure, type Plan, type SessionContext } from './sql/plan';
import { statementCount } from './sql/tokens';
import type { FakeSnowflakeState } from './state';
import { StatementRegistry, type FakeStatement } from './statements';

export interface FakeSnowflakeOptions {
  /** Account name (the JWT's ACCOUNT part), default FERRYTEST. */
  account?: string;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** How long a POST waits for the statement before answering 202 (Snowflake: 45 s). */
  syncWindowMs?: number;
  /** Added to every statement's execution time, e.g. to reach the 202 path without SYSTEM$WAIT. */
  executionLatencyMs?: number;
  firstPartitionRows?: number;
  partitionRows?: number;
}

/** A reply forced on the next matching requests (before auth, as a gateway would): 429, 503, a lost connection. */
export interface Fault {
  method?: string;
  pathPrefix?: string;
  times: number;
  reply: Reply | 'reset';
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number | null;
  userAgent?: string;
  acceptEncoding?: string;
  body?: Record<string, unknown>;
}

function send(res: ServerResponse, req: IncomingMessage, reply: Reply): void {
  const json = Buffer.from(JSON.stringify(reply.body));
  const gzip = reply.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? gzipSync(json) : json;
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(payload.length),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...reply.headers,
  });
  res.end(payload);
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { ok: true, value: text ? JSON.parse(text) : undefined };
  } catch {
    return { ok: false };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP side of the fake: the three SQL API v2 endpoints. */
export class FakeSnowflakeServer {
  readonly statements: StatementRegistry;
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly options: Required<Omit<FakeSnowflakeOptions, 'account' | 'port'>>;
  private readonly port: number;

  constructor(
    readonly state: FakeSnowflakeState,
    options: FakeSnowflakeOptions = {},
  ) {
    this.options = {
      syncWindowMs: options.syncWindowMs ?? 45_000,
      executionLatencyMs: options.executionLatencyMs ?? 0,
      firstPartitionRows: options.firstPartitionRows ?? 1000,
      partitionRows: options.partitionRows ?? 10_000,
    };
    this.port = options.port ?? 0;
    this.statements = new StatementRegistry(this.options);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, req, { status: 500, body: { message: `fake Snowflake failed: ${(error as Error).message}` } });
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    if (fault) fault.times -= 1;
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: LoggedRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      status: null,
      userAgent: req.headers['user-agent'],
      acceptEncoding: req.headers['accept-encoding'] as string | undefined,
    };
    this.requests.push(entry);
    const reply = (r: Reply) => {
      entry.status = r.status;
      send(res, req, r);
    };
    const fault = this.takeFault(method, url.pathname);
    if (fault?.reply === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault) return reply(fault.reply);

    const requestId = randomUUID();
    const auth = verifyKeyPairJwt(
      this.state,
      req.headers.authorization,
      req.headers['x-snowflake-authorization-token-type'] as string | undefined,
      requestId,
    );
    if (!auth.ok) return reply({ status: auth.status, body: auth.body });
    if (!req.headers['user-agent']) return reply({ status: 400, body: { code: '391903', message: 'User-Agent header is required.' } });

    const statementPath = /^\/api\/v2\/statements\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (url.pathname === '/api/v2/statements' && method === 'POST') {
      const body = await readJson(req);
      if (body.ok && body.value && typeof body.value === 'object') entry.body = body.value as Record<string, unknown>;
      return reply(await this.submit(url, body, auth.user.name));
    }
    if (statementPath && method === 'GET' && !statementPath[2]) {
      const statement = this.statements.byHandle.get(decodeURIComponent(statementPath[1]));
      if (!statement) return reply(this.unknownHandle(statementPath[1]));
      return reply(statementReply(this.statements, statement, Number(url.searchParams.get('partition') ?? 0)));
    }
    if (statementPath && method === 'POST' && statementPath[2]) {
      req.resume();
      const statement = this.statements.byHandle.get(decodeURIComponent(statementPath[1]));
      if (!statement) return reply(this.unknownHandle(statementPath[1]));
      if (this.statements.status(statement) === 'running') statement.cancelledAt = Date.now();
      return reply({
        status: 200,
        body: {
          code: '391908',
          message: 'successfully canceled',
          statementHandle: statement.handle,
          statementStatusUrl: `/api/v2/statements/${statement.handle}`,
        },
      });
    }
    req.resume();
    return reply({ status: 404, body: { message: 'Not Found' } });
  }

  private unknownHandle(handle: string): Reply {
    return { status: 422, body: { code: '000709', sqlState: '02000', message: `Statement ${handle} not found`, statementHandle: handle } };
  }

  private async submit(url: URL, parsed: { ok: true; value: unknown } | { ok: false }, userName: string): Promise<Reply> {
    if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object')
      return { status: 400, body: { message: 'The request body is not valid JSON.' } };
    const body = parsed.value as Record<string, unknown>;
    if (typeof body.statement !== 'string' || body.statement.trim() === '') return { status: 400, body: { message: 'statement is required.' } };
    const requestId = url.searchParams.get('requestId') ?? randomUUID();
    const known = this.statements.findByRequestId(requestId);
    // A resubmitted requestId (retry=true) does not run the statement again: it reports the first one.
    if (known) return this.await(known, url.searchParams.get('async') === 'true');

    const context = this.context(body, userName);
    if ('failure' in context)
      return { status: 422, body: { code: context.failure.code, sqlState: context.failure.sqlState, message: context.failure.message } };
    const timeoutSeconds = typeof body.timeout === 'number' ? body.timeout : 172_800;
    const fields = { requestId, sql: body.statement, timeoutSeconds, durationMs: this.options.executionLatencyMs };
    const parameters = (body.parameters ?? {}) as Record<string, unknown>;
    const wanted = Number(parameters.MULTI_STATEMENT_COUNT ?? parameters.multi_statement_count ?? 1);
    let plan: Plan;
    try {
      const count = statementCount(body.statement);
      if (wanted !== 0 && count !== wanted)
        throw new SqlFailure('000008', '0A000', `Actual statement count ${count} did not match the desired statement count ${wanted}.`);
      plan = planStatement(body.statement, { ...context.session, sql: body.statement });
      if (plan.needsWarehouse) this.useWarehouse(context.session.warehouse);
    } catch (error) {
      if (!(error instanceof SqlFailure)) throw error;
      const statement = this.statements.add({ ...fields, plan: null, failure: error });
      return this.await(statement, url.searchParams.get('async') === 'true');
    }
    const statement = this.statements.add({ ...fields, plan, failure: null, durationMs: fields.durationMs + plan.waitMs });
    return this.await(statement, url.searchParams.get('async') === 'true');
  }

  /** Waits (up to the sync window) for the statement, then answers with its status. */
  private async await(statement: FakeStatement, async: boolean): Promise<Reply> {
    // async=true: the handle at once, whatever the statement's state (a compile error included is found by polling).
    if (async) return inProgressReply(statement);
    const wait = Math.min(this.statements.settlesInMs(statement), this.options.syncWindowMs);
    if (wait > 0) await sleep(wait);
    return statementReply(this.statements, statement);
  }

  /** A warehouse that can run the statement: set, and running or allowed to resume (it resumes). */
  private useWarehouse(name: string | null): void {
    const warehouse = name ? this.state.warehouses.get(name) : undefined;
    if (!warehouse || (warehouse.suspended && !warehouse.autoResume)) {
      throw new SqlFailure(
        '000606',
        '57P03',
        "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
      );
    }
    warehouse.suspended = false;
  }

  /** The body's warehouse, database, schema and role, kept only when they exist and the role may use them. */
  private context(body: Record<string, unknown>, userName: string): { session: SessionContext } | { failure: SqlFailure } {
    const { state } = this;
    const user = state.users.get(userName)!;
    const role = typeof body.role === 'string' && body.role ? body.role : user.defaultRole;
    if (!state.roles.has(role) || !state.userRoles.get(userName)?.has(role)) {
      return {
        failure: new SqlFailure(
          '390189',
          '08004',
          `Role '${role}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
        ),
      };
    }
    const wanted = (key: string) => (typeof body[key] === 'string' && body[key] ? (body[key] as string) : null);
    const warehouseName = wanted('warehouse');
    const warehouse =
      warehouseName && state.warehouses.has(warehouseName) && state.has(role, 'USAGE', 'WAREHOUSE', warehouseName) ? warehouseName : null;
    const databaseName = wanted('database');
    const database = databaseName && state.databases.has(databaseName) && state.hasAny(role, 'DATABASE', databaseName) ? databaseName : null;
    const schemaName = wanted('schema') ?? 'PUBLIC';
    const schema =
      database && state.databases.get(database)!.has(schemaName) && state.hasAny(role, 'SCHEMA', `${database}.${schemaName}`) ? schemaName : null;
    const bindings = (body.bindings ?? {}) as SessionContext['bindings'];
    return { session: { state, role, warehouse, database, schema, bindings, sql: '' } };
  }
}
