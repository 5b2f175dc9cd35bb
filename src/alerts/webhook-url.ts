import { BadUserInputError } from '../errors';
import { hostRefusal, outboundRules } from '../engine/http/outbound-guard';
import { NotificationFormat } from '../entities/notification-settings';
import { insecureUrlReason } from '../plugins/contract';

const MAX_URL_LENGTH = 2048;

/**
 * A rule's URL, checked as a destination's would be: https (plain http only to loopback), no credentials in it, and
 * not an address Ferry never connects to (link-local, cloud metadata; private ranges unless
 * FERRY_ALLOW_PRIVATE_DESTINATIONS). Names are checked again on every address they resolve to, at connect time.
 */
export function checkWebhookUrl(raw: string, field = 'input.url'): URL {
  const refuse = (problem: string): never => {
    throw new BadUserInputError(`${field}: ${problem}`, field);
  };
  const text = raw.trim();
  if (!text) refuse('must not be empty; give the https:// URL that receives the alerts');
  if (text.length > MAX_URL_LENGTH) refuse(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(`"${text.slice(0, 200)}" is not a URL; give an absolute one such as https://alerts.example.com/ferry`);
  }
  const insecure = insecureUrlReason(url);
  if (insecure) refuse(insecure);
  if (url.username || url.password) refuse('must not carry a user name or password: the signature tells the receiver the delivery is from Ferry');
  const refusal = hostRefusal(url.hostname, outboundRules('destination'));
  if (refusal) refuse(refusal);
  return url;
}

/**
 * What the API shows of a rule's URL: a Slack URL's path is its credential, so only its origin is shown; a webhook's
 * query values may be tokens, so they are hidden.
 */
export function shownUrl(format: NotificationFormat, url: URL): string {
  if (format === NotificationFormat.SLACK) return `${url.origin}/…`;
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=…`).join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}
