import { Request, TYPES, type Connection } from 'tedious';
import type { PluginContext } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { connect } from './connect';

export type Parameter = { name: string; value: string | number | null };
export type RawRow = Array<{ value: unknown; metadata: { colName: string; type: { name: string } } }>;

export interface RequestHandlers {
  onRow?(row: RawRow): void;
}

/**
 * One connection serving one plugin call, tied to `ctx.signal`: on abort, a request in flight is cancelled with the
 * protocol's ATTENTION message (the server stops working on it) and an idle connection is closed at once.
 */
export class Session {
  private active: Request | null = null;
  private closed = false;

  private constructor(
    private readonly connection: Connection,
    private readonly ctx: Pick<PluginContext, 'signal' | 'logger'>,
  ) {
    ctx.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  static async open(config: TdsConfig, dialect: Dialect, ctx: Pick<PluginContext, 'signal' | 'logger'>): Promise<Session> {
    return new Session(await connect(config, dialect, ctx), ctx);
  }

  /** A SQL batch (no parameters, no rows expected), e.g. BEGIN TRANSACTION. */
  batch(sql: string): Promise<void> {
    return this.start(sql, {}, (request) => this.connection.execSqlBatch(request)).done;
  }

  /** sp_executesql with typed parameters; rows go to the handlers. `request` can be paused and resumed. */
  query(sql: string, parameters: Parameter[], handlers: RequestHandlers): { request: Request; done: Promise<void> } {
    return this.start(sql, handlers, (request) => {
      for (const { name, value } of parameters) {
        request.addParameter(name, typeof value === 'number' ? TYPES.Int : TYPES.NVarChar, value);
      }
      this.connection.execSql(request);
    });
  }

  /** Calls a stored procedure (RPC) with nvarchar parameters; rows go to the handlers. */
  procedure(name: string, parameters: Parameter[], handlers: RequestHandlers): Promise<void> {
    return this.start(name, handlers, (request) => {
      for (const parameter of parameters) request.addParameter(parameter.name, TYPES.NVarChar, parameter.value);
      this.connection.callProcedure(request);
    }).done;
  }

  /** The rows of a small result (tables(), test()), collected. */
  async rows(sql: string, parameters: Parameter[]): Promise<RawRow[]> {
    const rows: RawRow[] = [];
    await this.query(sql, parameters, { onRow: (row) => rows.push(row) }).done;
    return rows;
  }

  /** Closes the connection (which rolls back any open transaction); safe to call more than once. */
  close(): void {
    this.ctx.signal.removeEventListener('abort', this.onAbort);
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
  }

  private start(sql: string, handlers: RequestHandlers, send: (request: Request) => void): { request: Request; done: Promise<void> } {
    this.ctx.signal.throwIfAborted();
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const request = new Request(sql, (error) => {
      this.active = null;
      if (this.ctx.signal.aborted) settle.reject(this.ctx.signal.reason);
      else if (error) settle.reject(error);
      else settle.resolve();
    });
    if (handlers.onRow) request.on('row', (row) => handlers.onRow?.(row as unknown as RawRow));
    this.active = request;
    send(request);
    return { request, done };
  }

  private readonly onAbort = (): void => {
    if (this.active) this.connection.cancel();
    else this.close();
  };
}
