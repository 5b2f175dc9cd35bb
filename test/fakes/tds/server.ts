import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { SqlServerError, findTable, resolveSelect, type FakeTable } from './catalog';
import { maxLength, systemTypeId, typeName, type SqlType } from './data-types';
import { parseLogin7, type Login } from './login7';
import { MessageReader, MessageWriter, PacketType, sendMessage, type TdsMessage } from './packets';
import { negotiate, parsePrelogin, preloginResponse, type ServerEncryption } from './prelogin';
import { ProcId, parseRpc, skipAllHeaders } from './rpc';
import { SqlSyntaxError } from './sql-text';
import { parseBatch, type Statement } from './statements';
import { TdsTlsCarrier, serverTls } from './tls-tunnel';
import {
  Command,
  DoneStatus,
  EnvChangeType,
  colMetadataToken,
  collationChange,
  doneInProcToken,
  doneProcToken,
  doneToken,
  envChangeBytes,
  envChangeText,
  loginAckToken,
  messageToken,
  returnStatusToken,
  rowToken,
  type ResultColumn,
  type ServerMessage,
} from './tokens';

export interface FakeSqlServerOptions {
  /** Logins and their passwords. */
  logins: Record<string, string>;
  /** Databases and their tables. */
  databases: Record<string, FakeTable[]>;
  /** Default 'off': TLS when the client asks for it (needs `certificate`). */
  encryption?: ServerEncryption;
  certificate?: { key: string; cert: string };
  /** TCP port on 127.0.0.1; default a free one. */
  port?: number;
}

/** What the fake saw of each login, for tests that check how the client connected. */
export interface LoginRecord {
  user: string;
  database: string;
  readOnlyIntent: boolean;
  encrypted: boolean;
  appName: string;
}

const serverName = 'FAKESQL';

/**
 * A SQL Server speaking TDS 7.4 on 127.0.0.1, enough for the tedious driver and Ferry's SQL Server source: PRELOGIN
 * (with TLS tunnelled in PRELOGIN packets), LOGIN7 with a real password check, SQL batches, sp_executesql and
 * sp_describe_first_result_set RPCs, ATTENTION, and results written with back-pressure. See README.md.
 */
export class FakeSqlServer {
  readonly logins: LoginRecord[] = [];
  /** Every SQL text the clients sent (batches, sp_executesql statements, described batches), in order. */
  readonly statements: string[] = [];
  attentions = 0;
  /** ROW/NBCROW tokens handed to the sockets so far (written, not necessarily read by the client yet). */
  rowsSent = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly options: FakeSqlServerOptions,
  ) {}

  static async start(options: FakeSqlServerOptions): Promise<FakeSqlServer> {
    const server = createServer();
    const fake = new FakeSqlServer(server, options);
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  addTable(database: string, table: FakeTable): void {
    (this.options.databases[database] ??= []).push(table);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    new TdsConnection(socket, this);
  }
}

type Phase = 'prelogin' | 'tls' | 'login' | 'ready' | 'closed';

/** One client connection: the TDS state machine of [MS-TDS] 3.3 (server side), simplified. */
class TdsConnection {
  private phase: Phase = 'prelogin';
  private packetSize = 4096;
  private sink: Writable;
  private readonly reader = new MessageReader();
  private carrier: TdsTlsCarrier | null = null;
  private tlsSocket: TLSSocket | null = null;
  private queue: Promise<void> = Promise.resolve();
  private attention = false;
  private readonly wakers = new Set<() => void>();
  private transaction: Buffer | null = null;
  private login: Login | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly server: FakeSqlServer,
  ) {
    this.sink = socket;
    socket.on('data', (data: Buffer) => {
      if (this.carrier && !this.carrier.tunnelling) this.carrier.receive(data);
      else this.onBytes(data);
    });
  }

  private onBytes(data: Buffer): void {
    let messages: TdsMessage[];
    try {
      messages = this.reader.push(data);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const message of messages) this.onMessage(message);
  }

  private onMessage(message: TdsMessage): void {
    if (message.type === PacketType.Attention && this.phase === 'ready') {
      this.server.attentions += 1;
      this.attention = true;
      for (const wake of this.wakers) wake();
      // Acknowledged in order, after the response in flight (if any) has ended: [MS-TDS] 3.3.5.7.
      this.enqueue(async () => {
        if (!this.attention) return;
        this.attention = false;
        await sendMessage(this.sink, this.packetSize, PacketType.TabularResult, doneToken(DoneStatus.Attention));
      });
      return;
    }
    if (this.phase === 'tls' && message.type === PacketType.PreLogin) {
      this.carrier?.receive(message.payload);
      return;
    }
    this.enqueue(() => this.handle(message));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch(() => {
      this.phase = 'closed';
      this.socket.destroy();
    });
  }

  private async handle(message: TdsMessage): Promise<void> {
    if (this.phase === 'prelogin' && message.type === PacketType.PreLogin) return this.onPrelogin(message.payload);
    if (this.phase === 'login' && message.type === PacketType.Login7) return this.onLogin(message.payload);
    if (this.phase !== 'ready') {
      this.socket.destroy();
      return;
    }
    if (message.ignored) {
      await sendMessage(this.sink, this.packetSize, PacketType.TabularResult, doneToken(DoneStatus.Final));
      return;
    }
    const writer = new MessageWriter(this.sink, this.packetSize);
    if (message.type === PacketType.SqlBatch) {
      const sql = message.payload.toString('ucs2', skipAllHeaders(message.payload));
      this.server.statements.push(sql);
      await this.runBatch(sql, writer, new Map(), false);
    } else if (message.type === PacketType.RpcRequest) {
      await this.runRpc(message.payload, writer);
    } else {
      await writer.write(
        this.errorTokens({
          number: 40000,
          state: 1,
          class: 16,
          message: `The fake SQL Server does not handle packets of type 0x${message.type.toString(16)}.`,
        }),
      );
      await writer.write(doneToken(DoneStatus.Error));
    }
    await writer.end();
  }

  private async onPrelogin(payload: Buffer): Promise<void> {
    const client = parsePrelogin(payload);
    const setting = this.server.options.encryption ?? 'off';
    const { answer, tls } = negotiate(client.encryption, setting === 'off' && !this.server.options.certificate ? 'unsupported' : setting);
    await sendMessage(this.socket, this.packetSize, PacketType.TabularResult, preloginResponse(answer));
    if (answer === 0x03 && !tls) {
      this.socket.end();
      return;
    }
    if (!tls) {
      this.phase = 'login';
      return;
    }
    this.phase = 'tls';
    const carrier = new TdsTlsCarrier(this.socket, (flight) => sendMessage(this.socket, this.packetSize, PacketType.PreLogin, flight));
    const secure = serverTls(carrier, this.server.options.certificate as { key: string; cert: string });
    secure.on('error', () => this.socket.destroy());
    secure.on('secure', () => {
      this.phase = 'login';
      this.sink = secure;
    });
    secure.on('data', (data: Buffer) => this.onBytes(data));
    this.carrier = carrier;
    this.tlsSocket = secure;
  }

  private async onLogin(payload: Buffer): Promise<void> {
    const login = parseLogin7(payload);
    this.packetSize = Math.min(Math.max(login.packetSize || 4096, 512), 32767);
    const database = login.database || 'master';
    const tokens: Buffer[] = [];
    const expected = this.server.options.logins[login.userName];
    const failed = (messages: ServerMessage[]) => {
      tokens.push(...messages.map((message) => this.errorTokens(message)), doneToken(DoneStatus.Error));
    };
    if (expected === undefined || expected !== login.password) {
      // State 8 (wrong password) and 5 (unknown login) are logged on the server; the client always sees state 1.
      failed([{ number: 18456, state: 1, class: 14, message: `Login failed for user '${login.userName}'.` }]);
    } else if (!Object.keys(this.server.options.databases).some((name) => name.toLowerCase() === database.toLowerCase()) && database !== 'master') {
      failed([
        { number: 4060, state: 1, class: 11, message: `Cannot open database "${database}" requested by the login. The login failed.` },
        { number: 18456, state: 1, class: 14, message: `Login failed for user '${login.userName}'.` },
      ]);
    } else {
      this.login = { ...login, database };
      this.server.logins.push({
        user: login.userName,
        database,
        readOnlyIntent: login.readOnlyIntent,
        encrypted: this.tlsSocket !== null,
        appName: login.appName,
      });
      tokens.push(
        envChangeText(EnvChangeType.Database, database, 'master'),
        messageToken({ number: 5701, state: 2, class: 0, message: `Changed database context to '${database}'.` }, serverName),
        collationChange(),
        envChangeText(EnvChangeType.Language, 'us_english', ''),
        messageToken({ number: 5703, state: 1, class: 0, message: 'Changed language setting to us_english.' }, serverName),
        loginAckToken(),
        envChangeText(EnvChangeType.PacketSize, String(this.packetSize), String(this.packetSize)),
        doneToken(DoneStatus.Final),
      );
    }
    await sendMessage(this.sink, this.packetSize, PacketType.TabularResult, Buffer.concat(tokens));
    if (this.login) this.phase = 'ready';
    else this.socket.end();
  }

  private errorTokens(message: ServerMessage): Buffer {
    return messageToken(message, serverName);
  }

  private tables(): FakeTable[] {
    const database = this.login?.database ?? 'master';
    const name = Object.keys(this.server.options.databases).find((candidate) => candidate.toLowerCase() === database.toLowerCase());
    return name ? this.server.options.databases[name] : [];
  }

  private async runRpc(payload: Buffer, writer: MessageWriter): Promise<void> {
    const request = parseRpc(payload);
    const name = typeof request.procedure === 'string' ? request.procedure.toLowerCase().replace(/^(sys\.|\[sys\]\.)/, '') : '';
    if (request.procedure === ProcId.SpExecuteSql) {
      const sql = String(request.parameters.get('@statement') ?? request.positional[0] ?? '');
      this.server.statements.push(sql);
      const ok = await this.runBatch(sql, writer, request.parameters, true);
      if (ok === 'attention') return;
      await writer.write(returnStatusToken(ok ? 0 : -6));
      await writer.write(doneProcToken(ok ? DoneStatus.Final : DoneStatus.Error));
    } else if (name === 'sp_describe_first_result_set') {
      const sql = String(request.parameters.get('@tsql') ?? request.positional[0] ?? '');
      this.server.statements.push(sql);
      const ok = await this.describe(sql, writer);
      await writer.write(returnStatusToken(ok ? 0 : 1));
      await writer.write(doneProcToken(ok ? DoneStatus.Final : DoneStatus.Error));
    } else if (name === 'sp_spaceused') {
      await this.spaceUsed(String(request.parameters.get('@objname') ?? request.positional[0] ?? ''), writer);
    } else {
      const procedure = typeof request.procedure === 'string' ? request.procedure : `#${request.procedure}`;
      await writer.write(this.errorTokens({ number: 2812, state: 62, class: 16, message: `Could not find stored procedure '${procedure}'.` }));
      await writer.write(doneProcToken(DoneStatus.Error));
    }
  }

  /**
   * sp_describe_first_result_set: one row per column of the batch's first result set, without running it. An empty
   * result set when the batch returns none (INSERT, SET…). The first 10 of its 39 columns are sent.
   */
  private async describe(sql: string, writer: MessageWriter): Promise<boolean> {
    const columns: ResultColumn[] = [
      { name: 'is_hidden', type: { name: 'bit' } },
      { name: 'column_ordinal', type: { name: 'int' } },
      { name: 'name', type: { name: 'nvarchar', length: 128 } },
      { name: 'is_nullable', type: { name: 'bit' } },
      { name: 'system_type_id', type: { name: 'int' } },
      { name: 'system_type_name', type: { name: 'nvarchar', length: 256 } },
      { name: 'max_length', type: { name: 'smallint' } },
      { name: 'precision', type: { name: 'tinyint' } },
      { name: 'scale', type: { name: 'tinyint' } },
      { name: 'collation_name', type: { name: 'nvarchar', length: 128 } },
    ];
    let described: ResultColumn[] = [];
    try {
      const first = parseBatch(sql).find((statement): statement is Extract<Statement, { kind: 'select' }> => statement.kind === 'select');
      if (first) described = resolveSelect(first.select, this.tables(), this.login?.database ?? '', new Map([['@first', 0]])).columns;
    } catch (error) {
      const cause = this.asServerMessage(error);
      // SQL Server follows the statement's own error with one naming the procedure (11501 for compile errors, 11529 otherwise).
      const follow =
        cause.number === 102
          ? {
              number: 11501,
              state: 1,
              class: 16,
              message: 'The batch could not be analyzed because of compile errors.',
              procedure: 'sp_describe_first_result_set',
            }
          : {
              number: 11529,
              state: 1,
              class: 16,
              message: 'The metadata could not be determined because every code path results in an error; see previous errors for some of these.',
              procedure: 'sp_describe_first_result_set',
            };
      await writer.write(this.errorTokens(cause));
      await writer.write(this.errorTokens(follow));
      return false;
    }
    await writer.write(colMetadataToken(columns));
    for (const [index, column] of described.entries()) {
      const type: SqlType = column.type;
      const text = 'length' in type && type.name !== 'varbinary';
      await writer.write(
        rowToken(columns, [
          false,
          index + 1,
          column.name,
          true,
          systemTypeId[type.name],
          typeName(type),
          maxLength(type),
          'precision' in type ? type.precision : 0,
          'precision' in type || 'scale' in type ? type.scale : 0,
          text ? 'SQL_Latin1_General_CP1_CI_AS' : null,
        ]),
      );
    }
    await writer.write(doneInProcToken(DoneStatus.Count, described.length));
    return true;
  }

  /**
   * sp_spaceused @objname: one row (name, rows, reserved, data, index_size, unused), the counts as char(20) text
   * padded with spaces, sizes made up. An unknown object gives 15009 as SQL Server does.
   */
  private async spaceUsed(objectName: string, writer: MessageWriter): Promise<void> {
    const table = findTable(this.tables(), objectName);
    if (!table) {
      await writer.write(
        this.errorTokens({
          number: 15009,
          state: 1,
          class: 16,
          procedure: 'sp_spaceused',
          message: `The object '${objectName}' does not exist in database '${this.login?.database}' or is invalid for this operation.`,
        }),
      );
      await writer.write(returnStatusToken(1));
      await writer.write(doneProcToken(DoneStatus.Error));
      return;
    }
    let count = table.rowCount;
    if (count === undefined) {
      count = 0;
      for (const row of table.rows()) count += row ? 1 : 0;
    }
    const size: SqlType = { name: 'varchar', length: 18 };
    const columns: ResultColumn[] = [
      { name: 'name', type: { name: 'nvarchar', length: 128 } },
      { name: 'rows', type: { name: 'varchar', length: 20 } },
      { name: 'reserved', type: size },
      { name: 'data', type: size },
      { name: 'index_size', type: size },
      { name: 'unused', type: size },
    ];
    await writer.write(colMetadataToken(columns));
    await writer.write(rowToken(columns, [table.name, String(count).padEnd(20), '72 KB', '8 KB', '8 KB', '56 KB']));
    await writer.write(doneInProcToken(DoneStatus.Count, 1));
    await writer.write(returnStatusToken(0));
    await writer.write(doneProcToken(DoneStatus.Final));
  }

  private asServerMessage(error: unknown): ServerMessage {
    if (error instanceof SqlSyntaxError) return { number: 102, state: 1, class: 15, message: error.message };
    if (error instanceof SqlServerError) return { number: error.number, state: error.state, class: error.severity, message: error.message };
    const numbered = error as { number?: number; message?: string };
    return { number: numbered.number ?? 50000, state: 1, class: 16, message: numbered.message ?? String(error) };
  }

  /**
   * Runs a batch: returns true when it ran, false when it failed (error already sent), 'attention' when the client
   * cancelled (the message is then ended at once, and the acknowledgement follows as its own message).
   */
  private async runBatch(sql: string, writer: MessageWriter, params: Map<string, unknown>, inProc: boolean): Promise<boolean | 'attention'> {
    const done = (status: number, count = 0, command: number = Command.Select) =>
      inProc ? doneInProcToken(status, count, command) : doneToken(status, count, command);
    let statements: Statement[];
    try {
      statements = parseBatch(sql);
    } catch (error) {
      await writer.write(this.errorTokens(this.asServerMessage(error)));
      await writer.write(done(DoneStatus.Error, 0, Command.None));
      return false;
    }
    for (const [index, statement] of statements.entries()) {
      const more = index < statements.length - 1 || inProc ? DoneStatus.More : DoneStatus.Final;
      try {
        const outcome = await this.runStatement(statement, writer, params);
        if (outcome === 'attention') return 'attention';
        await writer.write(done(more | (outcome.counted ? DoneStatus.Count : 0), outcome.rows, outcome.command));
      } catch (error) {
        await writer.write(this.errorTokens(this.asServerMessage(error)));
        await writer.write(done(DoneStatus.Error | (inProc ? DoneStatus.More : 0), 0, Command.None));
        return false;
      }
    }
    if (statements.length === 0 && !inProc) await writer.write(done(DoneStatus.Final, 0, Command.None));
    return true;
  }

  private async runStatement(
    statement: Statement,
    writer: MessageWriter,
    params: Map<string, unknown>,
  ): Promise<{ rows: number; counted: boolean; command: number } | 'attention'> {
    switch (statement.kind) {
      case 'set':
        return { rows: 0, counted: false, command: Command.Set };
      case 'begin': {
        const descriptor = randomBytes(8);
        await writer.write(envChangeBytes(EnvChangeType.BeginTransaction, descriptor, Buffer.alloc(0)));
        this.transaction = descriptor;
        return { rows: 0, counted: false, command: Command.BeginTransaction };
      }
      case 'commit':
      case 'rollback': {
        if (!this.transaction) {
          if (statement.kind === 'rollback' && statement.ifOpen) return { rows: 0, counted: false, command: Command.None };
          throw statement.kind === 'commit'
            ? new SqlServerError(3902, 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.')
            : new SqlServerError(3903, 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.');
        }
        const type = statement.kind === 'commit' ? EnvChangeType.CommitTransaction : EnvChangeType.RollbackTransaction;
        await writer.write(envChangeBytes(type, Buffer.alloc(0), this.transaction));
        this.transaction = null;
        return { rows: 0, counted: false, command: Command.Rollback };
      }
      case 'waitfor':
        if (!(await this.pause(statement.milliseconds))) return 'attention';
        return { rows: 0, counted: false, command: Command.None };
      case 'other':
        throw new SqlServerError(40000, `The fake SQL Server does not run ${statement.verb} statements (see test/fakes/tds/README.md).`);
      case 'select': {
        const result = resolveSelect(statement.select, this.tables(), this.login?.database ?? '', params);
        if (result.delayMs > 0 && !(await this.pause(result.delayMs))) return 'attention';
        await writer.write(colMetadataToken(result.columns));
        let rows = 0;
        for (const row of result.rows()) {
          if (this.attention) return 'attention';
          await writer.write(rowToken(result.columns, row));
          this.server.rowsSent += 1;
          rows += 1;
        }
        return { rows, counted: true, command: Command.Select };
      }
    }
  }

  /** Waits `milliseconds`; false when an ATTENTION came first. */
  private pause(milliseconds: number): Promise<boolean> {
    if (this.attention) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.wakers.delete(wake);
        resolve(true);
      }, milliseconds);
      this.wakers.add(wake);
    });
  }
}
