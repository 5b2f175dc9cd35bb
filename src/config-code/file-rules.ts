import { checkWebhookUrl } from '../alerts/webhook-url';
import { BadUserInputError } from '../errors';
import { checkDuration, checkPercent } from '../schema/alert/rule-validation';
import type { FileProblem } from './config-file-error';
import { referencedVariable } from './env-references';
import type { ConfigFile, NotificationRuleSpec } from './file-schema';
import { inputPath, withoutField } from './input-path';

/** A notification rule of the file, checked as the API checks one, its URL read from the environment when a reference. */
export interface FileRule extends NotificationRuleSpec {
  /** The URL itself (what the file says, or the variable's value). */
  url: string;
}

/** Runs one of the API's checks; its refusal becomes a problem at the field it names, within the rule. */
function check<T>(name: string, run: () => T, problem: (p: FileProblem) => void): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    const field = error.field ?? 'input';
    problem({ path: ['notificationRules', name, ...inputPath(field)], message: withoutField(error.message, field) });
    return undefined;
  }
}

/**
 * Each rule of the file by the API's own checks (thresholds for its condition, the URL), its sync a sync of the
 * file, its URL a literal https URL or an `${ENV_VAR}` reference that is set.
 */
export function resolveRules(file: ConfigFile, env: NodeJS.ProcessEnv, problem: (p: FileProblem) => void): Map<string, FileRule> {
  const rules = new Map<string, FileRule>();
  const syncs = Object.keys(file.syncs);
  for (const [name, rule] of Object.entries(file.notificationRules).sort(([a], [b]) => a.localeCompare(b))) {
    const at = ['notificationRules', name];
    let ok = true;
    const fail = (p: FileProblem) => {
      ok = false;
      problem(p);
    };
    if (rule.sync !== undefined && !syncs.includes(rule.sync)) {
      fail({
        path: [...at, 'sync'],
        message: `there is no sync "${rule.sync}" in this file; name one of ${syncs.map((n) => `"${n}"`).join(', ') || '(none: add the sync)'}, or leave sync out to watch every sync`,
      });
    }
    check(name, () => checkPercent(rule.condition, rule.rejectedRowsPercent ?? null), fail);
    check(name, () => checkDuration(rule.condition, rule.duration ?? null), fail);
    const variable = referencedVariable(rule.url);
    const url = variable === null ? rule.url : env[variable];
    if (url === undefined) {
      fail({
        path: [...at, 'url'],
        message: `environment variable ${variable} is not set: export it before running ferry apply (it holds this rule's URL)`,
      });
    } else {
      // Private ranges are the server's call (FERRY_ALLOW_PRIVATE_DESTINATIONS there); the rest is checked here.
      check(name, () => checkWebhookUrl(url, 'input.url', { allowPrivate: true }), fail);
    }
    if (ok) rules.set(name, { ...rule, url: url! });
  }
  return rules;
}
