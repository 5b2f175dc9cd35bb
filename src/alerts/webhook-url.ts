import { BadUserInputError } from '../errors';
import { hostRefusal, outboundRules } from '../engine/http/outbound-guard';
import type { OutboundRules } from '../plugins/sdk/address-rules';
import { insecureUrlReason } from '../plugins/contract';

const MAX_URL_LENGTH = 2048;

/**
 * A rule's URL, checked as a destination's would be: https (plain http only to loopback), no credentials in it, and
 * not an address Ferry never connects to (link-local, cloud metadata; private ranges unless
 * FERRY_ALLOW_PRIVATE_DESTINATIONS). Names are checked again on every address they resolve to, at connect time.
 * `rules` is this process's setting unless given (apply's file check, outside the server, leaves private ranges to it).
 */
export function checkWebhookUrl(raw: string, field = 'input.url', rules: OutboundRules = outboundRules('destination')): URL {
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
  const refusal = hostRefusal(url.hostname, rules);
  if (refusal) refuse(refusal);
  return url;
}

/**
 * What the API shows of a rule's URL: its origin only. A Slack URL's path is its credential, and so is many another
 * receiver's (Discord's /api/webhooks/<id>/<token>, Teams' and Zapier's hooks), or its query; the rule's name says
 * which rule it is.
 */
export function shownUrl(url: URL): string {
  return url.pathname === '/' && !url.search ? `${url.origin}/` : `${url.origin}/…`;
}
