import { CloseCode } from 'graphql-ws';
import type { DataSource } from 'typeorm';
import type { WebSocket } from 'ws';
import type { Logger } from '../plugins/contract';
import type { TokenIdentity } from '../schema/token-cache';

/** setTimeout's longest delay; a later expiry is reached in steps. */
const longestTimerMs = 2 ** 31 - 1;

interface Tracked {
  tokenId: string | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The WebSockets open in this process, by the token that opened them: a revoked token's sockets are closed with
 * 4403 as soon as the revocation is heard of, and each socket is closed with 4403 when its token expires.
 */
export class SocketTokens {
  private readonly sockets = new Map<WebSocket, Tracked>();

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
  ) {}

  add(socket: WebSocket, identity: TokenIdentity): void {
    const tracked: Tracked = { tokenId: identity.tokenId, timer: null };
    this.sockets.set(socket, tracked);
    socket.once('close', () => {
      if (tracked.timer) clearTimeout(tracked.timer);
      this.sockets.delete(socket);
    });
    if (identity.expiresAt) this.closeAt(socket, tracked, identity.expiresAt.getTime());
  }

  /** A token was revoked (`*`: any may have been, while revocations could not be heard). */
  revoked(tokenId: string): void {
    if (tokenId !== '*') {
      for (const [socket, tracked] of this.sockets) if (tracked.tokenId === tokenId) this.close(socket, 'the API token was revoked');
      return;
    }
    const ids = new Set([...this.sockets.values()].map((tracked) => tracked.tokenId).filter((id): id is string => id !== null));
    for (const id of ids) {
      this.stillWorks(id)
        .then((works) => works || this.revoked(id))
        .catch((error: Error) => this.logger.warn('could not recheck the API token of open WebSockets', { error: error.message }));
    }
  }

  closeAll(): void {
    for (const tracked of this.sockets.values()) if (tracked.timer) clearTimeout(tracked.timer);
  }

  private async stillWorks(tokenId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM api_tokens WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())',
      [tokenId],
    );
    return rows.length > 0;
  }

  private closeAt(socket: WebSocket, tracked: Tracked, at: number): void {
    const wait = Math.max(0, at - Date.now());
    tracked.timer = setTimeout(
      () => {
        if (wait >= longestTimerMs) this.closeAt(socket, tracked, at);
        else this.close(socket, 'the API token expired');
      },
      Math.min(wait, longestTimerMs),
    );
    tracked.timer.unref();
  }

  private close(socket: WebSocket, why: string): void {
    socket.close(CloseCode.Forbidden, `Forbidden: ${why}`);
  }
}
