import type { Dispatcher } from 'undici';
import type { DestinationPlugin, DestinationRecord, SyncBehaviorName } from '../../src/plugins/contract';

/**
 * What a destination plugin's test file hands the destination conformance suite: how to reach a real account or
 * a faithful fake, which object to write, and records and values the destination accepts and refuses.
 */
export interface DestinationFixture<C = Record<string, unknown>> {
  plugin: DestinationPlugin;
  /** Starts or connects to the account (or fake) and returns a config that works. Called once, before all tests. */
  setUp(): Promise<C>;
  /** Stops what setUp started. */
  tearDown(): Promise<void>;
  /** The object the write tests write to (a key objects() returns), and how. */
  object: string;
  /** Default UPDATE_OR_CREATE. */
  behavior?: SyncBehaviorName;
  /** A record write() creates or updates; each `n` gives another key. */
  record(n: number): DestinationRecord;
  /**
   * A record write() rejects, and what the rejection's reason must say. Its key should look like `record(n)`'s (same
   * `n`: another case, a near miss), so a plugin matching results loosely (by position, lowercased or trimmed keys)
   * is caught.
   */
  rejectedRecord(n: number): { record: DestinationRecord; reason: RegExp };
  /**
   * For every field type that objects() declares: a value coerce() accepts and one it refuses (a list for a
   * single-value field, a word for a date, …).
   */
  coerceSamples: Record<string, { valid: unknown; invalid: unknown }>;
  /** The dispatcher the plugin's requests go through (ctx.http); default a plain undici Agent. */
  http?: Dispatcher;
  /** Milliseconds a write test may take (default 60,000). */
  timeoutMs?: number;
}
