import { z } from 'zod';
import { PluginConfigError, insecureUrlReason } from '../../contract';

const EXAMPLE = 'e.g. https://youraccount.api-us1.com';

/**
 * Reads a pasted API URL: https (plain http only for a loopback host), a trailing slash and a `/api/3` suffix
 * tolerated. Returns the origin the `/api/3/...` paths are appended to, or an error message naming the fix.
 */
export function parseApiUrl(input: string): { origin: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { error: `"${input}" is not a URL: copy the API URL from Settings → Developer (${EXAMPLE})` };
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return { error: `the API URL ${insecure}, ${EXAMPLE}` };
  if (url.username || url.password) return { error: 'the API URL must not contain a user name or password: put the key in apiKey' };
  if (url.search || url.hash) return { error: `the API URL must not have a query string or fragment (${EXAMPLE})` };
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/api/3') {
    return {
      error: `the API URL must be the bare account URL from Settings → Developer (${EXAMPLE}), not a page address ending in "${url.pathname}"`,
    };
  }
  return { origin: new URL(url.origin) };
}

/** Connection settings of one ActiveCampaign account. */
export const activeCampaignConfig = z.object({
  apiUrl: z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const parsed = parseApiUrl(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe(`Your account's API URL, shown in ActiveCampaign under Settings → Developer (${EXAMPLE})`),
  apiKey: z
    .string()
    .min(1, 'copy the API key from Settings → Developer')
    .describe('Your API key, shown in ActiveCampaign under Settings → Developer; it carries your user permissions')
    .meta({ writeOnly: true }),
  runAutomations: z
    .boolean()
    .optional()
    .describe(
      'Start ActiveCampaign automations for the contacts Ferry writes (default false). Off: the bulk importer, which ' +
        'writes batches of more than ten contacts, is told to skip automations (exclude_automations). Batches of ten ' +
        'or fewer go through the single-contact API (/contact/sync), which has no such switch: their contacts can start ' +
        'automations whatever this says.',
    ),
});

export type ActiveCampaignConfig = z.infer<typeof activeCampaignConfig>;

/**
 * Whether this sync's contacts may start automations. False unless `runAutomations` is true: the bulk importer
 * then sends `exclude_automations: true`. `/contact/sync` (batches of ten or fewer) cannot turn them off.
 */
export function runsAutomations(config: ActiveCampaignConfig): boolean {
  return config.runAutomations === true;
}

function origin(config: ActiveCampaignConfig): URL {
  const parsed = parseApiUrl(config.apiUrl);
  if ('error' in parsed) throw new PluginConfigError(`apiUrl: ${parsed.error}`);
  return parsed.origin;
}

/** Base URL of the API (`https://host/api/3`). */
export function apiBase(config: ActiveCampaignConfig): string {
  return `${origin(config).origin}/api/3`;
}

/** Host (and non-default port) of the account, lower-cased: the identity of its rate limit. */
export function apiHost(config: ActiveCampaignConfig): string {
  return origin(config).host.toLowerCase();
}
