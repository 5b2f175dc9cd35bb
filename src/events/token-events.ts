import type { DataSource } from 'typeorm';
import { LastingConnection } from '../database/lasting-connection';
import type { Logger } from '../plugins/contract';

/** PostgreSQL channel on which a revoked token's id is announced to every API process. */
export const tokenChannel = 'ferry_tokens';

/** Delivered after the LISTEN connection came back: revocations sent while it was down are lost, so any token may be. */
export const anyTokenMayHaveChanged = '*';

/** Announces that a token stopped working (any process may call it: the API or the CLI). */
export async function publishTokenRevoked(db: Pick<DataSource, 'query'>, tokenId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [tokenChannel, tokenId]);
}

/** Feeds token revocations from PostgreSQL LISTEN on one dedicated connection; reconnects after a lost connection. */
export class TokenEvents {
  private readonly listeners = new Set<(tokenId: string) => void>();
  private readonly connection: LastingConnection;

  constructor(url: string, logger: Logger) {
    this.connection = new LastingConnection({
      url,
      applicationName: 'ferry-listen-tokens',
      purpose: 'token revocations',
      logger,
      onConnect: async (client, reconnected) => {
        client.on('notification', (message) => {
          if (message.channel === tokenChannel && message.payload) this.emit(message.payload);
        });
        await client.query(`LISTEN ${tokenChannel}`);
        if (reconnected) this.emit(anyTokenMayHaveChanged);
      },
    });
  }

  start(): Promise<void> {
    return this.connection.start();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /** Calls `listener` with each revoked token's id (or `*`); returns how to stop. */
  onRevoked(listener: (tokenId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells this process's listeners at once, without waiting for PostgreSQL to echo the NOTIFY back. */
  emit(tokenId: string): void {
    for (const listener of this.listeners) listener(tokenId);
  }
}
