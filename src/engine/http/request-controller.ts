import type { Dispatcher } from 'undici';

/**
 * The controller an interceptor hands its caller for the whole life of a request that may wait (for budget,
 * for a backoff) and may be dispatched more than once. While a dispatch is running it forwards to that
 * dispatch's controller; while waiting, `abort()` fires `signal`, which the wait listens to. A downstream pause
 * carries over to the next dispatch.
 */
export class RequestController implements Dispatcher.DispatchController {
  readonly #local = new AbortController();
  #target: Dispatcher.DispatchController | null = null;
  #paused = false;
  #unlink: (() => void) | undefined;

  /** `parent` (e.g. the run's signal) aborts this request too, until `settle()`. */
  constructor(parent?: AbortSignal) {
    if (!parent) return;
    if (parent.aborted) {
      this.abort(parent.reason);
      return;
    }
    const onAbort = (): void => this.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    this.#unlink = () => parent.removeEventListener('abort', onAbort);
  }

  /** Fires when the request is aborted: waits between dispatches listen to it. */
  get signal(): AbortSignal {
    return this.#local.signal;
  }

  get aborted(): boolean {
    return this.#local.signal.aborted || (this.#target?.aborted ?? false);
  }

  get reason(): Error | null {
    if (this.#local.signal.aborted) return this.#local.signal.reason as Error;
    return this.#target?.reason ?? null;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** A dispatch started: forward to its controller (and abort it at once if the request was aborted meanwhile). */
  attach(target: Dispatcher.DispatchController): void {
    this.#target = target;
    if (this.#local.signal.aborted) target.abort(this.reason as Error);
    else if (this.#paused) target.pause();
  }

  /** The dispatch is over; what follows is a wait. */
  detach(): void {
    this.#target = null;
  }

  abort(reason: Error): void {
    if (this.#local.signal.aborted) return;
    this.#local.abort(reason);
    this.#target?.abort(this.reason as Error);
  }

  pause(): void {
    this.#paused = true;
    this.#target?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#target?.resume();
  }

  /** The caller got its last event: stop listening to the parent signal. */
  settle(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }
}
