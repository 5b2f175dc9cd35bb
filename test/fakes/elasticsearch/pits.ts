import { randomBytes } from 'node:crypto';
import type { StoredIndex } from './types';

export interface PointInTime {
  id: string;
  indices: StoredIndex[];
  expiresAt: number;
}

/** Open points in time: each search with it extends its life by the keep_alive it carries. */
export class PointsInTime {
  private readonly open = new Map<string, PointInTime>();
  closedByClient = 0;

  create(indices: StoredIndex[], keepAliveMs: number): string {
    const id = randomBytes(30).toString('base64');
    this.open.set(id, { id, indices, expiresAt: Date.now() + keepAliveMs });
    return id;
  }

  take(id: string): PointInTime | undefined {
    this.sweep();
    return this.open.get(id);
  }

  close(id: string): boolean {
    const existed = this.open.delete(id);
    if (existed) this.closedByClient += 1;
    return existed;
  }

  count(): number {
    this.sweep();
    return this.open.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, pit] of this.open) if (pit.expiresAt < now) this.open.delete(id);
  }
}
