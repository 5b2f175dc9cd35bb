import { Agent, type Dispatcher } from 'undici';
import { guardedConnector, outboundRules } from './outbound-guard';
import { responseSizeInterceptor } from './response-size-interceptor';

export interface AgentTimeouts {
  headersTimeout: number;
  bodyTimeout: number;
}

/**
 * Where a plugin's HTTP finally goes: an Agent whose connections follow the outbound rules for `kind` (checked at
 * connect time) and whose replies are capped in size (FERRY_MAX_RESPONSE_BYTES).
 */
export function guardedAgent(kind: 'source' | 'destination', timeouts: AgentTimeouts): Dispatcher {
  return new Agent({ connect: guardedConnector(outboundRules(kind), 10_000), ...timeouts }).compose(responseSizeInterceptor());
}

let sourceAgent: Dispatcher | undefined;

/** The dispatcher a source plugin's HTTP goes through in a run: link-local and metadata addresses refused, replies capped. */
export function guardedSourceAgent(): Dispatcher {
  sourceAgent ??= guardedAgent('source', { headersTimeout: 60_000, bodyTimeout: 120_000 });
  return sourceAgent;
}
