import { z } from 'zod';
import { PluginConfigError, insecureUrlReason } from '../../../contract';

/** Why `input` cannot be an API base URL, or null: https (http only for loopback), no path, query or credentials. */
export function apiUrlProblem(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return `"${input}" is not a URL`;
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return insecure;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/')
    return 'must be a bare origin such as https://host:port, with no path, query or user';
  return null;
}

/** The zod field of an API base URL that defaults to Google's and may point at a local server (tests, proxies). */
export function apiUrlField(defaultUrl: string) {
  return z
    .string('must be a URL')
    .default(defaultUrl)
    .superRefine((value, ctx) => {
      const problem = apiUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      `Base URL of the API (default ${defaultUrl}). Change it only to reach a proxy or a local test server; plain http is accepted for loopback addresses only`,
    );
}

/** The origin requests go to, e.g. https://bigquery.googleapis.com; throws PluginConfigError for a bad URL. */
export function apiOrigin(input: string, field = 'apiUrl'): string {
  const problem = apiUrlProblem(input);
  if (problem) throw new PluginConfigError(`${field}: ${problem}`, { field });
  return new URL(input).origin;
}
