/**
 * A faithful in-memory fake of the ActiveCampaign API v3 on 127.0.0.1, for the destination plugin's tests,
 * end-to-end tests, benchmarks and demos. Behaviour follows /work/shared/activecampaign-api.md; where that
 * document says UNCONFIRMED, our guesses are listed in README.md next to this file.
 *
 * @example
 * const ac = await startFakeActiveCampaign({ requestsPerSecond: 5 });
 * const list = ac.state.addList({ name: 'Newsletter', stringid: 'newsletter' });
 * await fetch(`${ac.url}/api/3/contact/sync`, { method: 'POST', headers: { 'Api-Token': ac.apiKey }, body: … });
 * assert.equal(ac.requests.maxRequestsInAnyWindow(), 1);
 * await ac.close();
 */
import type { FakeState } from './state/fake-state';
import type { RequestLog } from './request-log';
import type { FaultInjector, FaultRule } from './faults';

export interface FakeActiveCampaignOptions {
  /** Port to listen on; the host is always 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** Valid `Api-Token` values, all belonging to ONE account (they share its rate limit). @default one random key */
  apiKeys?: string[];
  /** Account-wide limit shared by all keys, as at most N requests in any sliding 1,000 ms; `false` = unlimited. @default 5 */
  requestsPerSecond?: number | false;
  /** Status of over-limit requests (a user reported 503 instead of 429). Both carry `Retry-After`. @default 429 */
  rateLimitStatus?: 429 | 503;
  /** `Retry-After` seconds sent with over-limit replies. @default 1 */
  retryAfterSeconds?: number;
  /** Status for a bad or missing `Api-Token`; the body is `{"message":"Forbidden"}` or `{"message":"Unauthorized"}`. @default 403 */
  authFailureStatus?: 401 | 403;
  /** Bulk importer limits and timing. */
  bulkImport?: {
    /** Multi-contact imports allowed in any sliding minute. @default 100 */
    perMinute?: number;
    /** Single-contact imports allowed in any sliding minute. @default 20 */
    singleContactPerMinute?: number;
    /** Time from POST to `completed`; `status` is `false`, then `waiting`, then `active` before that. @default 300 */
    processingDelayMs?: number;
    /** Most contacts per request. @default 250 */
    maxContacts?: number;
    /** Most request-body bytes per request. @default 400000 */
    maxBytes?: number;
    /** Key of the success flag in the 200 reply: the docs example says `Success`, a Go SDK mock `success`. @default 'Success' */
    successKey?: 'Success' | 'success';
    /**
     * Process the account's imports one after another, as one queue, each taking `processingDelayMs` plus its
     * contacts at `contactsPerSecond`: an import posted behind others stays `waiting` until they are done, so
     * its time grows with the queue. Off by default (every import takes `processingDelayMs`, side by side).
     */
    fifo?: { contactsPerSecond: number };
  };
  /**
   * Validate custom-field values (date `YYYY-MM-DD`, datetime ISO 8601, listbox/checkbox `||a||b||` of known
   * options, dropdown/radio a known option, number numeric); a bad value is refused with 422. @default true
   */
  validateFieldValues?: boolean;
  /**
   * What `POST /contact/sync` does with an email on the exclusion list (the real behaviour is UNCONFIRMED):
   * `reject` answers 422 `email_excluded` (`errorBodies.emailExcluded`); `skip` answers 200 with `{}` and stores
   * nothing, as a silent skip would. `POST /contacts` and `PUT /contacts/{id}` always answer the 422. @default 'reject'
   */
  excludedOnSync?: 'reject' | 'skip';
  /** The account's UTC offset: datetimes are stored converted to it, and timestamps are written in it. @default '-05:00' */
  accountUtcOffset?: string;
  /** Fault rules active from the start (same as calling `faults.inject` for each). */
  faults?: FaultRule[];
  /** Most request-log entries kept; the oldest are dropped beyond it. @default 200000 */
  requestLogLimit?: number;
}

/** A running fake. */
export interface FakeActiveCampaign {
  /** `http://127.0.0.1:<port>`: what a user pastes as the "API URL"; endpoints live under `/api/3`. */
  readonly url: string;
  /** The first valid key. */
  readonly apiKey: string;
  /** Every valid key (one account). */
  readonly apiKeys: readonly string[];
  /** Seedable and inspectable in-memory data. */
  readonly state: FakeState;
  /** Every request seen: method, path, status, time; plus window statistics. */
  readonly requests: RequestLog;
  /** Inject and clear faults per route. */
  readonly faults: FaultInjector;
  /** Stops listening, drops open connections and cancels pending imports. */
  close(): Promise<void>;
}

export { startFakeActiveCampaign } from './server';
export type { FakeState } from './state/fake-state';
export type { RequestLog, RequestLogEntry } from './request-log';
export type { Fault, FaultRule, FaultInjector, InjectedFault, ImportOutcome } from './faults';
export { errorBodies } from './errors';
export type * from './state/records';
export type { ContactSnapshot } from './state/fake-state';
export { seedDemoData } from './demo-seed';
export { apiClient, type ApiClient, type ApiReply } from './api-client';
