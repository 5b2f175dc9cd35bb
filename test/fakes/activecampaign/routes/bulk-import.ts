/** The bulk importer: `POST /import/bulk_import`, `GET /import/info`, `GET /import/bulk_import`. */
import { randomUUID } from 'node:crypto';
import type { FakeApp } from '../app';
import { bulkFailure } from '../errors';
import { isRecord, textOf } from '../body-values';
import { isValidEmail } from '../email-format';
import type { RouteReply, RouteRequest, Router } from '../router';
import { SlidingWindow } from '../sliding-window';
import type { BulkContact, ImportBatch, ImportCallback } from '../state/records';

const NOT_QUEUED = 'JSON payload did not pass validation. Please fix failure Reasons and retry. The import was not queued for processing.';

function rateLimited(limit: number, single: boolean): RouteReply {
  const what = single ? 'single-contact imports' : 'imports';
  return {
    status: 400,
    body: bulkFailure('Rate limit exceeded.', [
      `Up to ${limit} ${what} may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.`,
    ]),
  };
}

/** Per-contact checks done before anything is queued; a failure rejects the whole batch. */
function contactFailure(raw: unknown): string | null {
  if (!isRecord(raw)) return 'Contact must be an object';
  if (raw.email === undefined || raw.email === null || raw.email === '') return "Field' email' is required";
  if (!isValidEmail(raw.email)) return "Field' email' incorrect format";
  for (const key of ['fields', 'subscribe', 'unsubscribe'] as const) {
    if (raw[key] !== undefined && !Array.isArray(raw[key])) return `Field' ${key}' incorrect format`;
  }
  if (raw.tags !== undefined && !(Array.isArray(raw.tags) && raw.tags.every((t) => typeof t === 'string'))) return "Field' tags' incorrect format";
  return null;
}

function callbackOf(raw: unknown): ImportCallback | null {
  if (!isRecord(raw) || typeof raw.url !== 'string') return null;
  const pairs = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord).map((p) => ({ key: String(p.key), value: String(p.value) })) : []);
  return {
    url: raw.url,
    requestType: textOf(raw.requestType) ?? 'POST',
    detailedResults: String(raw.detailed_results) === 'true',
    params: pairs(raw.params),
    headers: pairs(raw.headers),
  };
}

function countsByDay(batches: ImportBatch[], day: (b: ImportBatch) => string) {
  const byDay = new Map<string, { forDate: string; batches: number; contacts: number }>();
  for (const b of batches) {
    const key = day(b);
    const row = byDay.get(key) ?? { forDate: key, batches: 0, contacts: 0 };
    row.batches += 1;
    row.contacts += b.contactCount;
    byDay.set(key, row);
  }
  return [...byDay.values()];
}

export function registerBulkImportRoutes(router: Router, app: FakeApp): void {
  const { state, options, importer } = app;
  const limits = options.bulkImport;
  const multi = new SlidingWindow(limits.perMinute, 60_000);
  const single = new SlidingWindow(limits.singleContactPerMinute, 60_000);

  const accept = (req: RouteRequest): RouteReply & { contacts: number; batchId: string | null } => {
    const none = { contacts: 0, batchId: null };
    if (req.bytes > limits.maxBytes) {
      return {
        ...none,
        status: 400,
        body: bulkFailure('Payload too large. The import was not queued for processing.', [
          `The request payload may not exceed ${limits.maxBytes} bytes.`,
        ]),
      };
    }
    const contacts = isRecord(req.body) ? req.body.contacts : undefined;
    if (!Array.isArray(contacts) || contacts.length === 0) {
      return { ...none, status: 400, body: bulkFailure(NOT_QUEUED, ["'contacts' is a required field and must hold at least one contact."]) };
    }
    const counted = { contacts: contacts.length, batchId: null };
    if (contacts.length > limits.maxContacts) {
      return {
        ...counted,
        status: 400,
        body: bulkFailure('Too many contacts. The import was not queued for processing.', [
          `Up to ${limits.maxContacts} contacts may be imported per request.`,
        ]),
      };
    }
    const isSingle = contacts.length === 1;
    if (!(isSingle ? single : multi).tryAcquire(req.time)) {
      return { ...counted, ...rateLimited(isSingle ? limits.singleContactPerMinute : limits.perMinute, isSingle) };
    }
    const failureReasons = contacts.flatMap((c, index) => {
      const failureReason = contactFailure(c);
      return failureReason === null ? [] : [{ contact: index, failureReason }];
    });
    if (failureReasons.length > 0) return { ...counted, status: 400, body: bulkFailure(NOT_QUEUED, failureReasons) };

    const body = req.body as Record<string, unknown>;
    const batch: ImportBatch = {
      batchId: randomUUID(),
      status: false,
      contacts: contacts as BulkContact[],
      contactCount: contacts.length,
      bytes: req.bytes,
      queuedAt: req.time,
      finishedAt: null,
      success: [],
      failure: [],
      failureReasons: [],
      excludeAutomations: body.exclude_automations === true,
      callback: callbackOf(body.callback),
    };
    state.imports.add(batch);
    importer.schedule(batch);
    return {
      contacts: contacts.length,
      batchId: batch.batchId,
      status: 200,
      body: { [limits.successKey]: 1, queued_contacts: contacts.length, batchId: batch.batchId, message: 'Contact import queued' },
    };
  };

  router.add('POST', '/import/bulk_import', (req) => {
    const { contacts, batchId, ...reply } = accept(req);
    state.imports.requests.push({ time: req.time, contacts, bytes: req.bytes, status: reply.status, batchId });
    return reply;
  });

  router.add('GET', '/import/info', (req) => {
    const batchId = req.query.get('batchId');
    if (!batchId) return { status: 400, body: { success: 0, message: "'batchId' is a required field." } };
    const batch = state.imports.get(batchId);
    if (!batch) return { status: 404, body: { success: 0, message: `No import found with batchId ${batchId}` } };
    return { status: 200, body: { status: batch.status, success: batch.success, failure: batch.failure } };
  });

  router.add('GET', '/import/bulk_import', (req) => {
    const weekAgo = req.time - 7 * 24 * 3600_000;
    const all = state.imports.all();
    const done = (b: ImportBatch) => b.finishedAt !== null;
    return {
      status: 200,
      body: {
        outstanding: countsByDay(
          all.filter((b) => !done(b)),
          (b) => state.clock.day(new Date(b.queuedAt)),
        ),
        recentlyCompleted: countsByDay(
          all.filter((b) => done(b) && b.finishedAt! >= weekAgo),
          (b) => state.clock.day(new Date(b.finishedAt!)),
        ),
      },
    };
  });
}
