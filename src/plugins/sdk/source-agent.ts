import { Agent, type Dispatcher } from 'undici';
import { guardedConnector } from './address-rules';
import { responseSizeInterceptor } from './response-size';

/**
 * For a source that needs its own TLS settings (a private CA), which `ctx.http` cannot carry: an Agent under the
 * same rules as `ctx.http` (link-local and metadata addresses refused at connect time, replies capped at
 * FERRY_MAX_RESPONSE_BYTES). Close it when the call is done.
 */
export function sourceAgent(tls: { ca?: string }): { dispatcher: Dispatcher; close(): Promise<void> } {
  const agent = new Agent({ connect: guardedConnector({ allowPrivate: true }, 10_000, tls) });
  return { dispatcher: agent.compose(responseSizeInterceptor()), close: () => agent.close() };
}
