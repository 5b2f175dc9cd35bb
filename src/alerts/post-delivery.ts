import { Agent, request, type Dispatcher } from 'undici';
import { guardedConnector, outboundRules } from '../engine/http/outbound-guard';

/** How much of an answer's body is kept (and shown in the API): enough to read an error, never a whole page. */
export const RESPONSE_EXCERPT_CHARS = 1_000;
const RESPONSE_READ_BYTES = 4_096;

/** What one attempt came to. */
export interface AttemptOutcome {
  attemptedAt: Date;
  /** A 2xx answer. */
  delivered: boolean;
  status: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

export interface OutgoingDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * The connections alert sends go through: the destinations' outbound rules (checked on every resolved address),
 * and `timeoutMs` for connecting and for each wait on the answer. Close it when done.
 */
export function createAlertAgent(timeoutMs: number): Agent {
  return new Agent({
    connect: guardedConnector(outboundRules('destination'), timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 4_000,
  });
}

/** The start of a body as text, without control characters, at most RESPONSE_EXCERPT_CHARS. */
function excerpt(bytes: Buffer): string {
  // eslint-disable-next-line no-control-regex
  const text = bytes.toString('utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return text.length > RESPONSE_EXCERPT_CHARS ? `${text.slice(0, RESPONSE_EXCERPT_CHARS)}…` : text;
}

function describeFailure(error: unknown, timeoutMs: number, timedOut: boolean, stopped: boolean): string {
  if (stopped) return 'cut short: this Ferry process was stopping';
  if (timedOut) return `no answer within ${timeoutMs / 1000} s (FERRY_ALERT_TIMEOUT_SECONDS)`;
  const { code, message } = error as { code?: string; message?: string };
  const text = (message ?? String(error)).slice(0, 300);
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

/**
 * POSTs one delivery through `dispatcher` (see createAlertAgent), within `timeoutMs` from connect to the end of the answer (redirects are not followed: a
 * 3xx counts as refused). Never throws: every outcome, refused address and timeout included, is returned.
 */
export async function postDelivery(
  delivery: OutgoingDelivery,
  { dispatcher, timeoutMs, stop }: { dispatcher: Dispatcher; timeoutMs: number; stop?: AbortSignal },
): Promise<AttemptOutcome> {
  const attemptedAt = new Date();
  const started = performance.now();
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = stop ? AbortSignal.any([deadline, stop]) : deadline;
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await request(delivery.url, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      dispatcher,
      signal,
    });
    const chunks: Buffer[] = [];
    let read = 0;
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer);
      read += (chunk as Buffer).length;
      if (read >= RESPONSE_READ_BYTES) break;
    }
    const status = response.statusCode;
    const delivered = status >= 200 && status < 300;
    return {
      attemptedAt,
      delivered,
      status,
      responseBody: excerpt(Buffer.concat(chunks).subarray(0, RESPONSE_READ_BYTES)),
      error: delivered ? null : `the receiver answered ${status}`,
      durationMs: took(),
    };
  } catch (error) {
    return {
      attemptedAt,
      delivered: false,
      status: null,
      responseBody: null,
      error: describeFailure(error, timeoutMs, deadline.aborted, stop?.aborted ?? false),
      durationMs: took(),
    };
  }
}
