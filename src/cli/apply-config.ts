import { applyPlan, type ApplyOptions } from '../config-code/apply-plan';
import { ConfigFileError } from '../config-code/config-file-error';
import { FerryApi } from '../config-code/ferry-api';
import { checkSyncsBeforeApply } from '../config-code/sync-preflight';
import { readFerryState } from '../config-code/ferry-state';
import { makePlan } from '../config-code/plan';
import { formatPlan } from '../config-code/plan-format';
import { readConfigFile } from '../config-code/read-config-file';
import type { PluginRegistry } from '../plugins/registry';

export interface ApplyCommandOptions extends ApplyOptions {
  dryRun: boolean;
  prune: boolean;
}

/**
 * `apply FILE [--dry-run] [--prune] [--skip-tests]`: makes Ferry hold what the file says, through the API. The whole file is
 * checked first (every problem with its line); the plan is printed; with --dry-run nothing more happens.
 */
export async function applyConfig(
  registry: PluginRegistry,
  file: string | undefined,
  options: ApplyCommandOptions,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<void> {
  if (!file) throw new Error('Give the file to apply: npm run ferry -- apply ferry.yaml [--dry-run] [--prune]');
  const desired = readConfigFile(file, registry, env);
  const api = FerryApi.fromEnvironment(env);
  const state = await readFerryState(api);
  const plan = await makePlan(api, desired, state, options.prune);
  const named = desired.sources.size + desired.destinations.size + desired.models.size + desired.syncs.size + desired.notificationRules.size;
  const deletes = plan.steps.filter((step) => step.action === 'delete').length;
  if (options.prune && named === 0 && deletes > 0) {
    throw new Error(
      `${file} names no source, destination, model, sync or notification rule: with --prune it would delete all ${deletes} items Ferry has. Refused, in case it is the wrong file; delete them through the API if that is what you want.`,
    );
  }
  write(`${formatPlan(plan, file, api.url, options.prune)}\n`);
  const syncProblems = await checkSyncsBeforeApply(api, desired, state, plan);
  if (syncProblems.length) throw new ConfigFileError(file, syncProblems);
  if (options.dryRun) {
    write('Dry run: nothing was changed.\n');
    return;
  }
  if (plan.steps.every((step) => step.action === 'unchanged')) {
    write('Nothing to change.\n');
    return;
  }
  write('Applying:\n');
  await applyPlan(api, desired, plan, options, (line) => write(`${line}\n`));
  write('Applied.\n');
}
