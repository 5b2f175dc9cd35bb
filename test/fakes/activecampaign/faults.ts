/**
 * Fault injection: rules matched per request on method + path (relative to /api/3), applied once, N times
 * or on every N-th matching call.
 */
import { compilePathPattern, type PathMatcher } from './path-pattern';

/** What an injected fault does to a matching request. */
export type Fault =
  /** 429 (or `status`) with `Retry-After`, before the route runs. */
  | { type: 'rate-limit'; status?: 429 | 503; retryAfterSeconds?: number }
  /** 503 with a short HTML page, before the route runs. */
  | { type: 'service-unavailable' }
  /** 504 with a Cloudflare-like "Gateway time-out" HTML page, before the route runs. */
  | { type: 'gateway-timeout' }
  /** 500 with the body `{}`, before the route runs. */
  | { type: 'server-error' }
  /** Any reply, e.g. a 422 in one of the shapes of `errorBodies`, before the route runs. */
  | { type: 'response'; status: number; body: unknown; headers?: Record<string, string> }
  /** The socket is destroyed before the route runs: nothing is applied. */
  | { type: 'reset' }
  /** No reply at all until the client gives up (or the fake closes): nothing is applied. */
  | { type: 'hang' }
  /** The request is handled normally after `ms` more milliseconds. Adds up with other matching latency rules. */
  | { type: 'latency'; ms: number }
  /** The route runs and its write is applied, then the socket is destroyed: the reply is lost, so a retry duplicates. */
  | { type: 'reply-lost' };

export interface FaultRule {
  /** HTTP method, any case; omitted = every method. */
  method?: string;
  /**
   * Path relative to `/api/3` (a leading `/api/3` is also accepted): `:name` matches one segment, `*` anything,
   * e.g. `/contacts/:id`, `/accounts*`. A RegExp is tested against the relative path (no query string).
   */
  path: string | RegExp;
  fault: Fault;
  /** Apply at most this many times (1 = once). @default unlimited */
  times?: number;
  /** Apply only to every N-th matching call (the N-th, 2N-th, …). @default 1 */
  every?: number;
}

/** A live rule; its counters help assert that a fault really fired. */
export interface InjectedFault {
  readonly rule: FaultRule;
  /** Requests that matched method and path. */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly applied: number;
  remove(): void;
}

/** How a bulk import ends when forced: `failed` applies nothing; `interrupted` applies the first half of the batch. */
export type ImportOutcome = 'failed' | 'interrupted';

export interface FaultInjector {
  inject(rule: FaultRule): InjectedFault;
  /** Removes every rule and every pending import outcome. */
  clear(): void;
  /** Active rules, in match order. */
  readonly rules: readonly InjectedFault[];
  /** The next `times` bulk imports to be processed end as `outcome` instead of `completed`. */
  injectImportOutcome(outcome: ImportOutcome, times?: number): void;
}

/** The faults chosen for one request: summed latency, then at most one terminal fault. */
export interface FaultDecision {
  latencyMs: number;
  fault: Exclude<Fault, { type: 'latency' }> | null;
}

class LiveFault implements InjectedFault {
  matched = 0;
  applied = 0;
  private readonly matchPath: PathMatcher;
  private readonly method: string | null;

  constructor(
    readonly rule: FaultRule,
    private readonly owner: FaultRegistry,
  ) {
    if (rule.times !== undefined && !(rule.times >= 1)) throw new RangeError('fault rule "times" must be at least 1');
    if (rule.every !== undefined && !(Number.isInteger(rule.every) && rule.every >= 1)) {
      throw new RangeError('fault rule "every" must be a positive integer');
    }
    this.matchPath = compilePathPattern(rule.path);
    this.method = rule.method ? rule.method.toUpperCase() : null;
  }

  /** Counts the call when method and path match. */
  matches(method: string, path: string): boolean {
    if (this.method !== null && this.method !== method) return false;
    if (!this.matchPath(path)) return false;
    this.matched += 1;
    return true;
  }

  /** Whether the fault is due on the call just matched (`times` not used up, and the `every`-th call). */
  get due(): boolean {
    if (this.rule.times !== undefined && this.applied >= this.rule.times) return false;
    return this.matched % (this.rule.every ?? 1) === 0;
  }

  remove(): void {
    this.owner.remove(this);
  }
}

export class FaultRegistry implements FaultInjector {
  private live: LiveFault[] = [];
  private importOutcomes: ImportOutcome[] = [];

  get rules(): readonly InjectedFault[] {
    return this.live;
  }

  inject(rule: FaultRule): InjectedFault {
    const fault = new LiveFault(rule, this);
    this.live.push(fault);
    return fault;
  }

  remove(fault: InjectedFault): void {
    this.live = this.live.filter((f) => f !== fault);
  }

  clear(): void {
    this.live = [];
    this.importOutcomes = [];
  }

  injectImportOutcome(outcome: ImportOutcome, times = 1): void {
    for (let i = 0; i < times; i += 1) this.importOutcomes.push(outcome);
  }

  /** The forced outcome for the next processed import, if any (consumed). */
  takeImportOutcome(): ImportOutcome | null {
    return this.importOutcomes.shift() ?? null;
  }

  /**
   * Every rule sees the call (so `every` counts stay exact). Due latencies add up; the first due other fault
   * wins, and only the faults actually used count as applied.
   */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, fault: null };
    for (const rule of this.live) {
      if (!rule.matches(method, path) || !rule.due) continue;
      const fault = rule.rule.fault;
      if (fault.type === 'latency') decision.latencyMs += fault.ms;
      else if (decision.fault === null) decision.fault = fault;
      else continue;
      rule.applied += 1;
    }
    return decision;
  }
}
