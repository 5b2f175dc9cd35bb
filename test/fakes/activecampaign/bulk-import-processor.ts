/**
 * Runs queued bulk imports after `processingDelayMs`: status `false` → `waiting` → `active` → `completed`
 * (or a forced `failed`/`interrupted`), then the optional callback. With `fifo`, the account's imports form one
 * queue: each starts when the one before it is done and takes `processingDelayMs` plus its contacts' time.
 */
import createDebug from 'debug';
import { applyBulkContact } from './bulk-import-apply';
import type { FaultRegistry } from './faults';
import type { ResolvedOptions } from './options';
import type { FakeState } from './state/fake-state';
import type { ImportBatch } from './state/records';

const debug = createDebug('ferry:fake-activecampaign:import');

export class BulkImportProcessor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly callbacks = new AbortController();
  /** When the account's import queue is free again (fifo mode), ms since the epoch. */
  private queueFreeAt = 0;

  constructor(
    private readonly state: FakeState,
    private readonly faults: FaultRegistry,
    private readonly options: ResolvedOptions,
  ) {}

  schedule(batch: ImportBatch): void {
    const { processingDelayMs: delay, fifo } = this.options.bulkImport;
    if (fifo) return this.scheduleInQueue(batch, delay, fifo.contactsPerSecond);
    this.after(delay * 0.4, () => this.advance(batch, 'waiting'));
    this.after(delay * 0.7, () => this.advance(batch, 'active'));
    this.after(delay, () => this.run(batch));
  }

  /**
   * Moves a batch still in progress to `status`. Node runs timers of different durations list by list, so on a
   * busy event loop an earlier step's timer can fire after the batch finished: it must not undo that.
   */
  private advance(batch: ImportBatch, status: 'waiting' | 'active'): void {
    if (batch.finishedAt === null) batch.status = status;
  }

  private scheduleInQueue(batch: ImportBatch, delay: number, contactsPerSecond: number): void {
    const now = Date.now();
    const start = Math.max(now, this.queueFreeAt);
    const end = start + delay + (batch.contactCount / contactsPerSecond) * 1000;
    this.queueFreeAt = end;
    this.after(delay * 0.4, () => this.advance(batch, 'waiting'));
    this.after(start - now + delay * 0.7, () => this.advance(batch, 'active'));
    this.after(end - now, () => this.run(batch));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.callbacks.abort();
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private run(batch: ImportBatch): void {
    const outcome = this.faults.takeImportOutcome();
    const applied = outcome === 'failed' ? 0 : outcome === 'interrupted' ? Math.ceil(batch.contacts.length / 2) : batch.contacts.length;
    batch.contacts.forEach((contact, index) => {
      const email = contact.email.trim().toLowerCase();
      if (index >= applied) {
        batch.failure.push(email);
        batch.failureReasons.push({ email, reason: `The import ${outcome}` });
        return;
      }
      const result = applyBulkContact(this.state, contact);
      if (result.ok) {
        if (result.created) batch.success.push(result.contactId);
      } else {
        batch.failure.push(email);
        batch.failureReasons.push({ email, reason: result.reason });
      }
    });
    batch.contacts = [];
    batch.status = outcome ?? 'completed';
    batch.finishedAt = Date.now();
    this.sendCallback(batch);
  }

  /** The callback body is our own guess: the real one is UNCONFIRMED. */
  private sendCallback(batch: ImportBatch): void {
    const callback = batch.callback;
    if (!callback) return;
    const payload: Record<string, unknown> = {
      batchId: batch.batchId,
      status: batch.status,
      successCount: batch.contactCount - batch.failure.length,
      failureCount: batch.failure.length,
      ...(callback.detailedResults ? { success: batch.success, failure: batch.failureReasons } : {}),
    };
    for (const { key, value } of callback.params) payload[key] = value;
    const headers: Record<string, string> = Object.fromEntries(callback.headers.map((h) => [h.key, h.value]));
    const isPost = callback.requestType.toUpperCase() === 'POST';
    const url = new URL(callback.url);
    if (!isPost)
      for (const [key, value] of Object.entries(payload)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    fetch(url, {
      method: isPost ? 'POST' : 'GET',
      headers: isPost ? { 'Content-Type': 'application/json', ...headers } : headers,
      body: isPost ? JSON.stringify(payload) : undefined,
      signal: this.callbacks.signal,
    })
      .then((res) => res.body?.cancel())
      .catch((error: unknown) => debug('callback for %s failed: %O', batch.batchId, error));
  }
}
