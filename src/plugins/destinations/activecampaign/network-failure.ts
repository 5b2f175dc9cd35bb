import { ADDRESS_REFUSED_CODE } from '../../contract';
import { ActiveCampaignNetworkError, type NetworkFailureKind } from './api-error';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const REFUSED = new Set(['ECONNREFUSED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$|ERR_OSSL_)/;

/** The first error code found on the error or its causes (undici nests the system error). */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') {
      // undici wraps socket errors; the system code underneath says more.
      const inner = codeOf((current as { cause?: unknown }).cause);
      return inner && code === 'UND_ERR_SOCKET' ? inner : code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function kindOf(code: string | undefined, error: unknown): NetworkFailureKind {
  if ((error as { name?: unknown })?.name === 'TimeoutError') return 'timeout';
  if (!code) return 'other';
  if (DNS.has(code)) return 'dns';
  if (REFUSED.has(code)) return 'refused';
  if (TIMEOUT.has(code)) return 'timeout';
  if (RESET.has(code)) return 'reset';
  if (UNREACHABLE.has(code)) return 'unreachable';
  if (TLS.test(code)) return 'tls';
  return 'other';
}

function sentence(kind: NetworkFailureKind, host: string, code: string | undefined, timeoutMs: number | undefined): string {
  const because = code ? ` (${code})` : '';
  switch (kind) {
    case 'dns':
      return `The host ${host} could not be found${because}: check the API URL (Settings → Developer)`;
    case 'tls':
      return `The secure connection to ${host} failed${because}: check the API URL is your account's https address from Settings → Developer`;
    case 'refused':
      return `${host} refused the connection${because}: check the API URL and port`;
    case 'timeout':
      return `${host} did not answer${timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : ' in time'}${because}: check the API URL, or try again later`;
    case 'reset':
      return `The connection to ${host} was closed before ActiveCampaign answered${because}: try again later`;
    case 'unreachable':
      return `${host} cannot be reached from this server${because}: check the network and the API URL`;
    default:
      return `The request to ${host} failed${because}`;
  }
}

/** The message of the error (or cause) that carries `code`. */
function messageWithCode(error: unknown, code: string): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === code) return (current as { message?: string }).message;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies a transport failure (no HTTP reply) with a readable message naming the host, never the key. */
export function networkFailure(error: unknown, host: string, timeoutMs?: number): ActiveCampaignNetworkError {
  const code = codeOf(error);
  const kind = kindOf(code, error);
  // Ferry's own outbound rules refused the address: its message says why and which setting.
  if (code === ADDRESS_REFUSED_CODE || code === 'ERR_REPLY_TOO_LARGE')
    return new ActiveCampaignNetworkError(kind, messageWithCode(error, code) ?? sentence(kind, host, code, timeoutMs), code);
  return new ActiveCampaignNetworkError(kind, sentence(kind, host, code, timeoutMs), code);
}
