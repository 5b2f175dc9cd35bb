import createDebug from 'debug';
import type { Dispatcher } from 'undici';
import { sleep } from './abortable-sleep';
import { RequestController } from './request-controller';
import { headerValue, parseRetryAfter } from './retry-after';
import type { AttemptFailure, Backoff } from './retry-policy';

const debug = createDebug('ferry:http:retry');

/** One retry about to happen. Carries no header or body, so no secret reaches a log. */
export interface RetryInfo {
  method: string;
  origin: string;
  /** Path without its query string. */
  path: string;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** Wait before the next attempt. */
  delayMs: number;
  /** The failed attempt's status, when the server replied. */
  statusCode?: number;
  /** The failed attempt's error code (or message), when no reply came. */
  error?: string;
}

interface RetryPlan {
  delayMs: number;
  statusCode?: number;
  error?: string;
}

function isReplayable(body: unknown): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String((error as Error | null)?.message ?? error);
}

/**
 * One request through the retry interceptor: dispatches attempt after attempt, keeps failed replies from the
 * caller (their bodies are read and dropped), and hands the caller exactly one outcome through one controller.
 */
export class RetryingRequest {
  readonly #controller: RequestController;
  readonly #replayable: boolean;
  #attempt = 0;

  constructor(
    private readonly dispatch: Dispatcher.Dispatch,
    private readonly opts: Dispatcher.DispatchOptions,
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly options: { backoff: Backoff; signal?: AbortSignal; onRetry?: (info: RetryInfo) => void },
  ) {
    this.#controller = new RequestController(options.signal);
    this.#replayable = isReplayable(opts.body);
  }

  start(): void {
    this.handler.onRequestStart?.(this.#controller, {});
    this.#send();
  }

  #send(): void {
    if (this.#controller.aborted) {
      this.#fail(this.#controller.reason as Error);
      return;
    }
    this.#attempt += 1;
    try {
      this.dispatch(this.opts, this.#attemptHandler(this.#attempt));
    } catch (error) {
      this.#fail(error as Error);
    }
  }

  #delay(attempt: number, failure: AttemptFailure, retryAfterMs?: number): number | null {
    if (!this.#replayable || this.#controller.aborted) return null;
    return this.options.backoff(attempt, failure, retryAfterMs);
  }

  #attemptHandler(attempt: number): Dispatcher.DispatchHandler {
    const controller = this.#controller;
    const handler = this.handler;
    let forwarding = false;
    let plan: RetryPlan | undefined;
    return {
      onRequestStart: (target) => controller.attach(target),
      onRequestUpgrade: (_target, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (_target, statusCode, headers, statusMessage) => {
        const failure = { statusCode, contentType: headerValue(headers, 'content-type') };
        const delayMs = this.#delay(attempt, failure, parseRetryAfter(headers['retry-after']));
        if (delayMs === null) {
          forwarding = true;
          handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
        } else {
          plan = { delayMs, statusCode };
        }
      },
      onResponseData: (_target, chunk) => {
        if (forwarding) handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (_target, trailers) => {
        if (forwarding) {
          controller.settle();
          handler.onResponseEnd?.(controller, trailers);
        } else if (plan) {
          this.#retry(attempt, plan);
        }
      },
      onResponseError: (_target, error) => {
        if (forwarding || controller.aborted) {
          this.#fail(error);
          return;
        }
        // A reply we meant to retry broke while we drained it: retry as planned.
        if (plan) {
          this.#retry(attempt, plan);
          return;
        }
        const delayMs = this.#delay(attempt, { error });
        if (delayMs === null) this.#fail(error);
        else this.#retry(attempt, { delayMs, error: describe(error) });
      },
    };
  }

  #retry(attempt: number, plan: RetryPlan): void {
    this.#controller.detach();
    const info: RetryInfo = {
      method: this.opts.method,
      origin: String(this.opts.origin ?? ''),
      path: this.opts.path.split('?', 1)[0] ?? this.opts.path,
      attempt,
      ...plan,
    };
    debug(
      '%s %s%s attempt %d failed (%s), retrying in %d ms',
      info.method,
      info.origin,
      info.path,
      attempt,
      plan.statusCode ?? plan.error,
      plan.delayMs,
    );
    this.options.onRetry?.(info);
    sleep(plan.delayMs, this.#controller.signal).then(
      () => this.#send(),
      (reason: Error) => this.#fail(reason),
    );
  }

  #fail(error: Error): void {
    this.#controller.settle();
    this.handler.onResponseError?.(this.#controller, error);
  }
}
