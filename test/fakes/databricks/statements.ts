import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { statementErrors } from './errors';
import type { ResultSet, StatementError } from './types';

export type StatementState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';
export type Disposition = 'INLINE' | 'EXTERNAL_LINKS';

export interface StoredStatement {
  id: string;
  disposition: Disposition;
  /** PENDING (the warehouse starting) until then. */
  pendingUntil: number;
  /** RUNNING until then. */
  readyAt: number;
  result?: ResultSet;
  error?: StatementError;
  canceled: boolean;
  chunkRows: number;
  /** Statements are compiled at once; a compile error fails them without running. */
  compileError?: StatementError;
}

export interface StatementOptions {
  chunkRows: number;
  linkTtlMs: number;
  warehouseStartMs: number;
}

/** Faults to inject into link handling; each counter is spent one link or download at a time. */
export interface LinkFaults {
  /** The next N links are handed out already expired (expiration in the past), as after a long pause. */
  staleLinks: number;
  /** The next N downloads are refused as expired although their expiration is ahead (the storage's clock runs ahead). */
  refusedDownloads: number;
}

/** Every statement of the fake warehouse, with its state computed from the clock. */
export class Statements {
  private readonly byId = new Map<string, StoredStatement>();
  private readonly secret = randomBytes(32);
  /** Chunk → how many times a link to it was handed out (first result + chunk endpoint). */
  readonly linksIssued = new Map<string, number>();
  readonly faults: LinkFaults = { staleLinks: 0, refusedDownloads: 0 };

  constructor(private readonly options: StatementOptions) {}

  create(disposition: Disposition, outcome: { result: ResultSet } | { error: StatementError }): StoredStatement {
    const now = Date.now();
    const pendingUntil = now + this.options.warehouseStartMs;
    const statement: StoredStatement = {
      id: randomUUID(),
      disposition,
      pendingUntil,
      readyAt: pendingUntil + ('result' in outcome ? outcome.result.runMs : 0),
      canceled: false,
      chunkRows: this.options.chunkRows,
      ...('result' in outcome ? { result: outcome.result } : { compileError: outcome.error }),
    };
    this.byId.set(statement.id, statement);
    return statement;
  }

  get(id: string): StoredStatement | undefined {
    return this.byId.get(id);
  }

  state(statement: StoredStatement): StatementState {
    if (statement.canceled) return 'CANCELED';
    if (statement.compileError) return 'FAILED';
    const now = Date.now();
    if (now < statement.pendingUntil) return 'PENDING';
    if (now < statement.readyAt) return 'RUNNING';
    return statement.result?.failure ? 'FAILED' : 'SUCCEEDED';
  }

  cancel(statement: StoredStatement): void {
    const state = this.state(statement);
    if (state === 'PENDING' || state === 'RUNNING') statement.canceled = true;
  }

  /** Statements still PENDING or RUNNING: what a client left behind if it neither waited nor cancelled. */
  running(): number {
    return [...this.byId.values()].filter((s) => ['PENDING', 'RUNNING'].includes(this.state(s))).length;
  }

  error(statement: StoredStatement): StatementError | undefined {
    if (statement.canceled) return statementErrors.canceled();
    return statement.compileError ?? statement.result?.failure;
  }

  chunkCount(statement: StoredStatement): number {
    return Math.ceil((statement.result?.rowCount ?? 0) / statement.chunkRows);
  }

  chunkRange(statement: StoredStatement, index: number): { offset: number; count: number } {
    const offset = index * statement.chunkRows;
    return { offset, count: Math.min(statement.chunkRows, (statement.result?.rowCount ?? 0) - offset) };
  }

  /** The chunk's rows as the JSON_ARRAY body a presigned link serves. */
  chunkBody(statement: StoredStatement, index: number): string {
    const { offset, count } = this.chunkRange(statement, index);
    const rows: Array<Array<string | null>> = [];
    for (let i = 0; i < count; i += 1) rows.push(statement.result!.row(offset + i));
    return JSON.stringify(rows);
  }

  /** A presigned URL for one chunk on the fake's storage path, valid for linkTtlMs. */
  presign(baseUrl: string, statement: StoredStatement, index: number): { url: string; expiration: string } {
    let expires = Date.now() + this.options.linkTtlMs;
    if (this.faults.staleLinks > 0) {
      this.faults.staleLinks -= 1;
      expires = Date.now() - 1000;
    }
    const path = `/fake-storage/${statement.id}/${index}`;
    const signature = this.sign(path, expires);
    const key = `${statement.id}/${index}`;
    this.linksIssued.set(key, (this.linksIssued.get(key) ?? 0) + 1);
    return {
      url: `${baseUrl}${path}?X-Amz-Expires=${Math.round(this.options.linkTtlMs / 1000)}&expires=${expires}&X-Amz-Signature=${signature}`,
      expiration: new Date(expires).toISOString(),
    };
  }

  /** 'ok', 'expired' or 'bad' for a storage request's path and query. */
  verify(path: string, query: URLSearchParams): 'ok' | 'expired' | 'bad' {
    const expires = Number(query.get('expires'));
    const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'hex');
    const wanted = Buffer.from(this.sign(path, expires), 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'bad';
    if (this.faults.refusedDownloads > 0) {
      this.faults.refusedDownloads -= 1;
      return 'expired';
    }
    return Date.now() > expires ? 'expired' : 'ok';
  }

  private sign(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex');
  }
}
