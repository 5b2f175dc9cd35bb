import { FerryApiError, type FerryApi } from './ferry-api';
import { inputPath, withoutField } from './input-path';
import { describeStep } from './plan-format';
import { sectionOf, storedChangeGuard, storedMappings, storedSchedule, updateConfig, type ItemKind, type Plan, type PlanStep } from './plan';
import type { DesiredConfig } from './read-config-file';
import type { ItemPath } from './yaml-positions';

/** `Sync`, `NotificationRule`: the name in the API's operations (createSync, updateNotificationRule). */
const capital = (kind: ItemKind) => `${kind[0].toUpperCase()}${kind.slice(1)}`;

/** An API message's advice in apply's terms: the API's `skipTest: true` is apply's --skip-tests. */
const inFileTerms = (message: string) => message.replace('with skipTest: true', 'with skipTest: true (apply --skip-tests)');

/** Ferry's refusal of one step, each problem at its line in the file when the API named the field. */
function refusalLines(desired: DesiredConfig, step: PlanStep, error: FerryApiError): string[] {
  const item: ItemPath = [sectionOf[step.kind], step.name];
  return error.errors.flatMap((e) => {
    const listed = e.extensions?.problems ?? [{ path: e.extensions?.field ?? '', message: e.message }];
    return listed.map(
      ({ path, message }) =>
        `${desired.where([...item, ...inputPath(path)])}: ${e.extensions?.code ?? 'ERROR'}: ${inFileTerms(withoutField(message, path))}`,
    );
  });
}

/** An apply that stopped at a step Ferry refused: what was done before it stays done (each step is one API call). */
export class ApplyStoppedError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly done: PlanStep[],
    readonly notDone: PlanStep[],
    readonly lines: string[],
  ) {
    super(
      [
        `apply stopped: Ferry refused to ${step.action} ${step.kind} ${JSON.stringify(step.name)}:`,
        ...lines.map((line) => `  ${line}`),
        done.length ? `Done before it (kept):\n${done.map(describeStep).join('\n')}` : 'Nothing was changed before it.',
        notDone.length ? `Not done:\n${notDone.map(describeStep).join('\n')}` : '',
        'Fix the problem and run apply again: what is already done plans as unchanged.',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    this.name = 'ApplyStoppedError';
  }
}

/** How apply carries out a plan. */
export interface ApplyOptions {
  /** Store sources and destinations without testing their connection first (the API's skipTest). */
  skipTests: boolean;
}

/**
 * Carries out a plan through the API, one mutation per step, in the plan's order (sources and destinations,
 * models, syncs (each after the sync it runs after), notification rules, then deletes in reverse). Each step is checked and tested by
 * Ferry exactly as any API client's; a refusal stops the apply there.
 */
export async function applyPlan(
  api: FerryApi,
  desired: DesiredConfig,
  plan: Plan,
  options: ApplyOptions,
  progress: (line: string) => void,
): Promise<void> {
  const ids = new Map<string, string>();
  const key = (kind: ItemKind, name: string) => `${kind}:${name}`;
  for (const step of plan.steps) if (step.id) ids.set(key(step.kind, step.name), step.id);
  const idOf = (kind: ItemKind, name: string) => ids.get(key(kind, name)) ?? null;
  const work = plan.steps.filter((step) => step.action !== 'unchanged');
  for (const [index, step] of work.entries()) {
    let signingSecret: string | undefined;
    try {
      const done = await runStep(api, desired, step, options, idOf);
      const id = typeof done === 'string' ? done : done.id;
      signingSecret = typeof done === 'string' ? undefined : done.signingSecret;
      if (id) ids.set(key(step.kind, step.name), id);
    } catch (error) {
      if (!(error instanceof FerryApiError)) throw error;
      throw new ApplyStoppedError(step, work.slice(0, index), work.slice(index + 1), refusalLines(desired, step, error));
    }
    progress(describeStep(step).replace(/^ {2}. (\w+)/, (_, action: string) => `  ${action === 'create' ? 'created' : `${action}d`}`));
    if (signingSecret) {
      progress(
        `    signing secret of notification rule ${JSON.stringify(step.name)} (shown this once, Ferry never shows it again; give it to the receiver that verifies signatures): ${signingSecret}`,
      );
    }
  }
}

/** One mutation: `createSync(input: $input) { id }`, `updateSync(id: $id, input: $input) { id }` or `deleteSync(id: $id)`; the item's id. */
async function mutate(api: FerryApi, field: string, inputType: string | null, variables: { id?: string; input?: unknown }): Promise<string> {
  const declared = [variables.id !== undefined && '$id: ID!', inputType && `$input: ${inputType}!`].filter(Boolean).join(', ');
  const passed = [variables.id !== undefined && 'id: $id', inputType && 'input: $input'].filter(Boolean).join(', ');
  const selection = inputType ? ' { id }' : '';
  const answer = await api.request<Record<string, string | { id: string }>>(`mutation (${declared}) { ${field}(${passed})${selection} }`, variables);
  const value = answer[field];
  return typeof value === 'string' ? value : value.id;
}

async function runStep(
  api: FerryApi,
  desired: DesiredConfig,
  step: PlanStep,
  options: ApplyOptions,
  idOf: (kind: ItemKind, name: string) => string | null,
): Promise<string | { id: string; signingSecret: string }> {
  const label = capital(step.kind);
  if (step.action === 'delete') return mutate(api, `delete${label}`, null, { id: step.id });
  const create = step.action === 'create';
  const operation = `${create ? 'create' : 'update'}${label}`;
  const inputType = `${label}${create ? '' : 'Update'}Input`;
  const withId = (input: Record<string, unknown>) => (create ? { input } : { id: step.id, input });
  switch (step.kind) {
    case 'source':
    case 'destination': {
      const endpoint = (step.kind === 'source' ? desired.sources : desired.destinations).get(step.name)!;
      const skipTest = options.skipTests;
      const input = create
        ? { name: step.name, type: endpoint.type, config: endpoint.config, skipTest }
        : { config: updateConfig(endpoint), skipTest };
      return mutate(api, operation, inputType, withId(input));
    }
    case 'model': {
      const model = desired.models.get(step.name)!;
      const reads = model.sql !== undefined ? { sql: model.sql } : { table: model.table };
      const input = create
        ? { name: step.name, description: model.description ?? null, sourceId: idOf('source', model.source), ...reads }
        : { description: model.description ?? null, ...(step.changes.some((c) => c === 'sql' || c === 'table') ? reads : {}) };
      return mutate(api, operation, inputType, withId(input));
    }
    case 'sync': {
      const sync = desired.syncs.get(step.name)!;
      const schedule = storedSchedule(sync.schedule, sync.schedule.kind === 'AFTER_SYNC' ? idOf('sync', sync.schedule.afterSync) : null);
      const fields: Record<string, unknown> = {
        behavior: sync.behavior,
        syncKey: sync.syncKey,
        mappings: storedMappings(sync.mappings),
        schedule,
        paused: sync.paused,
        changeGuard: storedChangeGuard(sync.changeGuard),
      };
      const input = create
        ? {
            name: step.name,
            modelId: idOf('model', sync.model),
            destinationId: idOf('destination', sync.destination),
            object: sync.object,
            ...fields,
          }
        : Object.fromEntries(Object.entries(fields).filter(([field]) => step.changes.includes(field)));
      return mutate(api, operation, inputType, withId(input));
    }
    case 'notificationRule': {
      const rule = desired.notificationRules.get(step.name)!;
      const fields = {
        syncId: rule.sync === undefined ? null : idOf('sync', rule.sync),
        condition: rule.condition,
        rejectedRowsPercent: rule.rejectedRowsPercent ?? null,
        duration: rule.duration ?? null,
        format: rule.format,
        enabled: rule.enabled,
      };
      if (!create) {
        // The URL only when it changed: sending it again would re-seal the same value for nothing.
        const input = { ...fields, ...(step.changes.includes('url (secret)') ? { url: rule.url } : {}) };
        return mutate(api, operation, inputType, withId(input));
      }
      const answer = await api.request<{ createNotificationRule: { notificationRule: { id: string }; signingSecret: string } }>(
        'mutation ($input: NotificationRuleInput!) { createNotificationRule(input: $input) { notificationRule { id } signingSecret } }',
        { input: { name: step.name, ...fields, url: rule.url } },
      );
      const created = answer.createNotificationRule;
      return { id: created.notificationRule.id, signingSecret: created.signingSecret };
    }
  }
}
