import { Client } from 'pg';
import type { Logger } from '../plugins/contract';

export interface LastingConnectionOptions {
  url: string;
  /** `application_name`, as other sessions see it in `pg_stat_activity`. */
  applicationName: string;
  /** What the connection is for, in the log line of a reconnect. */
  purpose: string;
  logger: Logger;
  /** Prepares each new connection before it counts as up (LISTEN, handlers); `reconnected` is false the first time. */
  onConnect?(client: Client, reconnected: boolean): Promise<void>;
}

/** A dedicated PostgreSQL connection (outside any pool) that comes back a second after it is lost, until closed. */
export class LastingConnection {
  private client: Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private connectedBefore = false;

  constructor(private readonly options: LastingConnectionOptions) {}

  async start(): Promise<void> {
    const { url, applicationName, onConnect } = this.options;
    const client = new Client({ connectionString: url, application_name: applicationName });
    client.on('error', (error) => this.reconnect(error));
    client.on('end', () => this.reconnect(new Error('connection ended')));
    await client.connect();
    await onConnect?.(client, this.connectedBefore);
    this.client = client;
    this.connectedBefore = true;
  }

  private reconnect(error: Error): void {
    if (this.closed || this.retry) return;
    this.client = null;
    this.options.logger.warn(`${this.options.purpose} connection lost; reconnecting`, { error: error.message });
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start().catch((failure: Error) => this.reconnect(failure));
    }, 1_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
