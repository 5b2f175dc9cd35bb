import { isDeepStrictEqual } from 'node:util';
import { secretKeys } from '../secrets/config-secrets';
import { ConfigFileError, type FileProblem } from './config-file-error';
import type { FerryApi } from './ferry-api';
import type { FerryState, StoredModel, StoredSchedule, StoredSync } from './ferry-state';
import type { EndpointKind, FileEndpoint } from './file-endpoint';
import type { DesiredConfig } from './read-config-file';
import type { ChangeGuardSpec, MappingSpec, ModelSpec, ScheduleSpec, SyncSpec } from './file-schema';
import { ruleChanges, ruleValues } from './rule-plan';
import type { ItemPath } from './yaml-positions';

export type ItemKind = 'source' | 'destination' | 'model' | 'sync' | 'notificationRule';
export type Action = 'create' | 'update' | 'delete' | 'unchanged';

/** One thing apply would do to one item, and which of its fields change. */
export interface PlanStep {
  kind: ItemKind;
  name: string;
  action: Action;
  /** The item's id in Ferry (not for a create). */
  id?: string;
  /** For an update: the fields that change, as paths in the file (`config.host`, `mappings`). */
  changes: string[];
  /** For a change whose values are short enough to show: `"db-old" → "db-new"` (never a secret). */
  shown?: Record<string, string>;
}

export interface Plan {
  /** In the order apply takes them: creates and updates in dependency order, then deletes in reverse. */
  steps: PlanStep[];
  /** Items Ferry has that the file does not name, left alone without --prune. */
  unmanaged: PlanStep[];
}

export const sectionOf: Record<ItemKind, 'sources' | 'destinations' | 'models' | 'syncs' | 'notificationRules'> = {
  source: 'sources',
  destination: 'destinations',
  model: 'models',
  sync: 'syncs',
  notificationRule: 'notificationRules',
};

const changed = (a: unknown, b: unknown) => !isDeepStrictEqual(a ?? null, b ?? null);

/** `old → new` for short plain values (text, numbers, true/false, none), for people reading the plan. */
function transition(from: unknown, to: unknown): string | undefined {
  const text = (value: unknown) =>
    value === null || value === undefined ? 'none' : ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : undefined;
  const [a, b] = [text(from), text(to)];
  return a && b && a.length <= 60 && b.length <= 60 ? `${a} → ${b}` : undefined;
}

/** The transitions to show for the changed fields: `values(field)` gives the stored and the file's value. */
function shownChanges(changes: string[], values: (field: string) => [unknown, unknown] | undefined): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const field of changes) {
    const pair = values(field);
    const text = pair && transition(...pair);
    if (text) shown[field] = text;
  }
  return shown;
}

/** A schedule in a few words: `INTERVAL 1 hour`, `CRON 0 6 * * * UTC`, `AFTER_SYNC nightly`. */
function scheduleWords(schedule: StoredSchedule, syncName: (id: string | null) => string | undefined): string {
  switch (schedule.kind) {
    case 'INTERVAL':
      return `INTERVAL ${schedule.every}`;
    case 'CRON':
      return `CRON ${schedule.cron} ${schedule.timezone ?? 'UTC'}`;
    case 'AFTER_SYNC':
      return `AFTER_SYNC ${syncName(schedule.afterSyncId) ?? '(a sync to create)'}`;
    default:
      return schedule.kind;
  }
}

/** The stored schedule a file's schedule becomes (as the API normalises it); `afterSyncId` of the sync it names. */
export function storedSchedule(schedule: ScheduleSpec, afterSyncId: string | null): StoredSchedule {
  const none = { every: null, cron: null, timezone: null, afterSyncId: null };
  switch (schedule.kind) {
    case 'MANUAL':
      return { kind: 'MANUAL', ...none };
    case 'INTERVAL':
      return { kind: 'INTERVAL', ...none, every: schedule.every };
    case 'CRON':
      return { kind: 'CRON', ...none, cron: schedule.cron, timezone: schedule.timezone ?? 'UTC' };
    case 'AFTER_SYNC':
      return { kind: 'AFTER_SYNC', ...none, afterSyncId };
  }
}

/** A change guard as Ferry stores it: both limits, null where not given; no guard is null. */
export const storedChangeGuard = (guard: ChangeGuardSpec | null | undefined) =>
  guard ? { maxRecords: guard.maxRecords ?? null, maxPercent: guard.maxPercent ?? null } : null;

export const storedMappings = (mappings: MappingSpec[]) => mappings.map((m) => ({ from: m.from ?? null, constant: m.constant ?? null, to: m.to }));

/** A stored endpoint's config as apply sends it in an update: what the file says, secrets only those it gives. */
export function updateConfig(endpoint: FileEndpoint): Record<string, unknown> {
  const secrets = secretKeys(endpoint.plugin.config);
  return Object.fromEntries(Object.entries(endpoint.config).filter(([key]) => !secrets.includes(key) || endpoint.givenSecrets.includes(key)));
}

/** Items of one kind by name; a name held by several is a problem when the file names it (apply could not tell which). */
function byName<T extends { id: string; name: string }>(
  items: T[],
  kind: ItemKind,
  named: (name: string) => boolean,
  problem: (p: FileProblem) => void,
): Map<string, T | 'ambiguous'> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.name, [...(groups.get(item.name) ?? []), item]);
  const unique = new Map<string, T | 'ambiguous'>();
  for (const [name, group] of groups) {
    unique.set(name, group.length === 1 ? group[0] : 'ambiguous');
    if (group.length > 1 && named(name)) {
      const capital = `${kind[0].toUpperCase()}${kind.slice(1)}`;
      problem({
        path: [sectionOf[kind], name],
        message: `${group.length} ${kind}s in Ferry are named "${name}" (${group.map((i) => i.id).join(', ')}), so apply cannot tell which one this is: rename the others (update${capital}(id: "${group[1].id}", input: { name: "${name} (old)" })) or delete them`,
      });
    }
  }
  return unique;
}

/**
 * Compares the file with what Ferry holds: what to create, update (and which fields), delete (with prune) and
 * what is unchanged. Secrets, and rules' sealed URLs, are compared by Ferry itself (changedSecrets, urlChanged), which never
 * shows them. Changes the
 * API cannot make in place (a source's plugin, a model's source, a sync's model, destination or object) are
 * problems with their line, before anything is changed.
 */
export async function makePlan(api: FerryApi, desired: DesiredConfig, state: FerryState, prune: boolean): Promise<Plan> {
  const problems: string[] = [];
  const problem = ({ path, message }: FileProblem) => problems.push(`${desired.where(path)}: ${message}`);
  const stored = {
    source: byName(state.sources, 'source', (n) => desired.sources.has(n), problem),
    destination: byName(state.destinations, 'destination', (n) => desired.destinations.has(n), problem),
    model: byName(state.models, 'model', (n) => desired.models.has(n), problem),
    sync: byName(state.syncs, 'sync', (n) => desired.syncs.has(n), problem),
    notificationRule: byName(state.notificationRules, 'notificationRule', (n) => desired.notificationRules.has(n), problem),
  };
  const names = new Map([...state.sources, ...state.destinations, ...state.models].map((item) => [item.id, item.name]));
  const immutable = (path: ItemPath, what: string, was: string) =>
    problem({
      path,
      message: `${what} cannot be changed in place (it is ${was} in Ferry): give the item a new name to create a new one, and remove the old one from Ferry (apply --prune does)`,
    });
  /** The stored item of a name, undefined when there is none; null when several have it (already a problem). */
  const find = <T>(items: Map<string, T | 'ambiguous'>, name: string): T | undefined | null => {
    const item = items.get(name);
    return item === 'ambiguous' ? null : item;
  };
  const steps: PlanStep[] = [];

  for (const kind of ['source', 'destination'] as EndpointKind[]) {
    const section = kind === 'source' ? desired.sources : desired.destinations;
    for (const [name, endpoint] of section) {
      const current = find(stored[kind], name);
      if (current === null) continue;
      if (!current) {
        steps.push({ kind, name, action: 'create', changes: [] });
        continue;
      }
      if (current.type !== endpoint.type) {
        immutable([sectionOf[kind], name, 'type'], 'type', `"${current.type}"`);
        continue;
      }
      const secrets = secretKeys(endpoint.plugin.config);
      const keys = [...new Set([...Object.keys(endpoint.config), ...Object.keys(current.config)])].filter((key) => !secrets.includes(key));
      const changes = keys.filter((key) => changed(endpoint.config[key], current.config[key])).map((key) => `config.${key}`);
      if (endpoint.givenSecrets.length) {
        const given = Object.fromEntries(endpoint.givenSecrets.map((key) => [key, endpoint.config[key]]));
        const answer = await api.request<Record<string, { changedSecrets: string[] }>>(
          `query ($id: ID!, $config: JSONObject!) { ${kind}(id: $id) { changedSecrets(config: $config) } }`,
          { id: current.id, config: given },
        );
        changes.push(...answer[kind].changedSecrets.map((key) => `config.${key} (secret)`));
      }
      const shown = shownChanges(changes, (field) => {
        const key = field.replace(/^config\./, '');
        return secrets.includes(key) ? undefined : [current.config[key], endpoint.config[key]];
      });
      steps.push({ kind, name, id: current.id, action: changes.length ? 'update' : 'unchanged', changes: changes.sort(), shown });
    }
  }

  for (const [name, model] of desired.models) {
    const current = find(stored.model, name);
    const source = find(stored.source, model.source);
    if (current === null || source === null) continue;
    if (!current) {
      steps.push({ kind: 'model', name, action: 'create', changes: [] });
      continue;
    }
    if (current.source.id !== source?.id) {
      immutable(['models', name, 'source'], "A model's source", `source "${names.get(current.source.id)}"`);
      continue;
    }
    const changes = modelChanges(model, current);
    const shown = shownChanges(changes, (field) => (field === 'description' ? [current.description, model.description] : undefined));
    steps.push({ kind: 'model', name, id: current.id, action: changes.length ? 'update' : 'unchanged', changes, shown });
  }

  for (const [name, sync] of desired.syncs) {
    const current = find(stored.sync, name);
    const model = find(stored.model, sync.model);
    const destination = find(stored.destination, sync.destination);
    const after = sync.schedule.kind === 'AFTER_SYNC' ? find(stored.sync, sync.schedule.afterSync) : undefined;
    if (current === null || model === null || destination === null || after === null) continue;
    if (!current) {
      steps.push({ kind: 'sync', name, action: 'create', changes: [] });
      continue;
    }
    const fixedFields: Array<[boolean, string, string, string]> = [
      [current.model.id !== model?.id, 'model', "A sync's model", `model "${names.get(current.model.id)}"`],
      [current.destination.id !== destination?.id, 'destination', "A sync's destination", `destination "${names.get(current.destination.id)}"`],
      [current.object !== sync.object, 'object', "A sync's object", `"${current.object}"`],
    ];
    const moved = fixedFields.filter(([differs]) => differs);
    for (const [, field, what, was] of moved) immutable(['syncs', name, field], what, was);
    if (moved.length) continue;
    const changes = syncChanges(sync, current, after?.id ?? null);
    const syncName = (id: string | null) => state.syncs.find((s) => s.id === id)?.name;
    const shown = shownChanges(changes, (field) => {
      if (field === 'behavior') return [current.behavior, sync.behavior];
      if (field === 'paused') return [current.paused, sync.paused];
      if (field !== 'schedule') return undefined;
      const next = storedSchedule(sync.schedule, after?.id ?? null);
      const nextWords = sync.schedule.kind === 'AFTER_SYNC' ? `AFTER_SYNC ${sync.schedule.afterSync}` : scheduleWords(next, syncName);
      return [scheduleWords(current.schedule, syncName), nextWords];
    });
    steps.push({ kind: 'sync', name, id: current.id, action: changes.length ? 'update' : 'unchanged', changes, shown });
  }

  // Rules after the syncs they watch: a rule of a sync to create is created (or moved to it) once the sync is.
  for (const [name, rule] of desired.notificationRules) {
    const current = find(stored.notificationRule, name);
    const sync = rule.sync === undefined ? undefined : find(stored.sync, rule.sync);
    if (current === null || sync === null) continue;
    if (!current) {
      steps.push({ kind: 'notificationRule', name, action: 'create', changes: [] });
      continue;
    }
    const changes = await ruleChanges(api, rule, current, rule.sync === undefined ? null : sync?.id);
    const syncName = (id: string | null) => state.syncs.find((s) => s.id === id)?.name;
    const shown = shownChanges(changes, (field) => ruleValues(field, rule, current, syncName));
    steps.push({ kind: 'notificationRule', name, id: current.id, action: changes.length ? 'update' : 'unchanged', changes, shown });
  }
  if (problems.length) throw new ConfigFileError(desired.file, problems);

  const leftOut = (kind: ItemKind, items: Array<{ id: string; name: string }>, named: Map<string, unknown>) =>
    items.filter((item) => !named.has(item.name)).map((item): PlanStep => ({ kind, name: item.name, id: item.id, action: 'delete', changes: [] }));
  const extra = [
    ...leftOut('notificationRule', state.notificationRules, desired.notificationRules),
    ...syncsFollowersFirst(state.syncs.filter((s) => !desired.syncs.has(s.name))).map((s): PlanStep => ({
      kind: 'sync',
      name: s.name,
      id: s.id,
      action: 'delete',
      changes: [],
    })),
    ...leftOut('model', state.models, desired.models),
    ...leftOut('destination', state.destinations, desired.destinations),
    ...leftOut('source', state.sources, desired.sources),
  ];
  return prune ? { steps: [...steps, ...extra], unmanaged: [] } : { steps, unmanaged: extra };
}

function modelChanges(model: ModelSpec, current: StoredModel): string[] {
  const changes: string[] = [];
  if (changed(model.description, current.description)) changes.push('description');
  if (model.sql !== undefined && (current.table !== null || current.sql !== model.sql)) changes.push('sql');
  if (model.table !== undefined && current.table !== model.table) changes.push('table');
  return changes;
}

function syncChanges(sync: SyncSpec, current: StoredSync, afterSyncId: string | null): string[] {
  const changes: string[] = [];
  if (sync.behavior !== current.behavior) changes.push('behavior');
  if (changed(sync.syncKey, { column: current.syncKey.column, field: current.syncKey.field })) changes.push('syncKey');
  if (changed(storedMappings(sync.mappings), current.mappings)) changes.push('mappings');
  const schedule = storedSchedule(sync.schedule, afterSyncId);
  if (changed(schedule, { ...current.schedule }) || (sync.schedule.kind === 'AFTER_SYNC' && afterSyncId === null)) changes.push('schedule');
  if (sync.paused !== current.paused) changes.push('paused');
  if (changed(storedChangeGuard(sync.changeGuard), current.changeGuard)) changes.push('changeGuard');
  return changes;
}

/** Syncs to delete, each before the sync it runs after (deleting a sync is refused while another runs after it). */
function syncsFollowersFirst(syncs: StoredSync[]): StoredSync[] {
  const ids = new Set(syncs.map((s) => s.id));
  const depth = (sync: StoredSync, seen = new Set<string>()): number => {
    const after = sync.schedule.kind === 'AFTER_SYNC' ? sync.schedule.afterSyncId : null;
    if (!after || !ids.has(after) || seen.has(after)) return 0;
    seen.add(sync.id);
    return (
      1 +
      depth(
        syncs.find((s) => s.id === after)!,
        seen,
      )
    );
  };
  return [...syncs].sort((a, b) => depth(b) - depth(a) || a.name.localeCompare(b.name));
}
