/**
 * UPDATE_ONLY: a row whose email has no contact is reported, not created, so every email is checked before
 * anything is written. Two ways to check, chosen per run:
 * - one `GET /contacts?email=` per row: 1 request a row, about 18,000 rows an hour at 5 requests a second;
 * - the account's emails read into memory once per run (contact-index.ts): `GET /contacts?limit=1` for the
 *   count, then 1 request per 100 contacts in the account, and nothing per row afterwards.
 * The run starts with per-row lookups and switches to reading the account once its per-row lookups (this batch
 * included) would reach what reading the account costs. So a run never pays much more than twice the cheaper
 * way, without knowing its size up front: a run of a few changed rows on a big account stays at a request a
 * row; a first run of 100,000 rows on an account of 50,000 contacts (500 pages) checks its first batch row by
 * row, then reads the account on the batch that would take its lookups to 500.
 * Accounts over 250,000 contacts are never read into memory (about 25 MB of emails at that size).
 *
 * A contact created by someone else after the account was read is reported as missing; rejected rows are sent
 * again by the next run.
 */
import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { emailKey } from '../email-key';
import { batchFailure, rejectionFor } from '../failures';
import { PAGE_SIZE } from '../pages';
import type { BatchResults } from '../results';
import { oncePerRun, perRun } from '../session-cache';
import type { ContactDraft } from './contact-draft';
import { countContacts, readContactEmails } from './contact-index';
import { findContactId } from './find-contact';

/** Most contacts read into memory for the check. */
export const MAX_INDEXED_CONTACTS = 250_000;

interface CheckPlan {
  /** Per-row lookups this run has made. */
  lookups: number;
  /** The account's emails, once the run decided to read them (null: the account was too large). */
  emails: Promise<Set<string> | null> | null;
}

/** The reason for a row UPDATE_ONLY did not write because no contact has its email. */
export function noSuchContact(email: string): string {
  return `No contact with email ${email} exists in ActiveCampaign (behavior UPDATE_ONLY does not create contacts)`;
}

/** The account's emails when reading them is (or has become) the cheaper check for this run; else null. */
async function accountEmails(config: ActiveCampaignConfig, ctx: PluginContext, rows: number): Promise<Set<string> | null> {
  const plan = perRun<CheckPlan>(ctx, 'updateOnlyPlan', () => ({ lookups: 0, emails: null }));
  if (plan.emails) return plan.emails;
  const total = await oncePerRun(ctx, 'contactCount', () => countContacts(config, ctx));
  if (total > MAX_INDEXED_CONTACTS || plan.lookups + rows < Math.ceil(total / PAGE_SIZE)) {
    plan.lookups += rows;
    return null;
  }
  const reading = readContactEmails(config, ctx, MAX_INDEXED_CONTACTS);
  plan.emails = reading;
  reading.catch(() => {
    if (plan.emails === reading) plan.emails = null;
  });
  return reading;
}

/** The drafts whose contact exists, and their record keys; the others are rejected. */
export async function existingOnly(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
): Promise<{ drafts: ContactDraft[]; existing: Set<string> }> {
  let emails: Set<string> | null;
  try {
    emails = await accountEmails(config, ctx, drafts.length);
  } catch (error) {
    throw batchFailure(error, "read the account's contacts to check which exist");
  }
  const kept: ContactDraft[] = [];
  const existing = new Set<string>();
  for (const draft of drafts) {
    let exists: boolean;
    try {
      exists = emails ? emails.has(emailKey(draft.email)) : (await findContactId(config, ctx, draft.email)) !== undefined;
    } catch (error) {
      results.reject(draft.key, rejectionFor(error));
      continue;
    }
    if (!exists) {
      results.reject(draft.key, { reason: noSuchContact(draft.email), retryable: false });
      continue;
    }
    existing.add(draft.key);
    kept.push(draft);
  }
  return { drafts: kept, existing };
}
