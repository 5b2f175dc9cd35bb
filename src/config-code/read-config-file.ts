import { readFileSync } from 'node:fs';
import { formatTableName, parseTableName, TableNameError } from '../entities/table-name';
import type { PluginRegistry } from '../plugins/registry';
import { BadUserInputError } from '../errors';
import { validateChangeGuard } from '../schema/sync/change-guard-validation';
import { validateTimedSchedule } from '../schema/sync/schedule-validation';
import type { ScheduleInput } from '../schema/sync/sync.input';
import { ConfigFileError, type FileProblem } from './config-file-error';
import { inputPath, withoutField } from './input-path';
import { resolveRules, type FileRule } from './file-rules';
import { plural, resolveEndpoint, type EndpointKind, type FileEndpoint } from './file-endpoint';
import { configFileSchema, endpointSpec, type ConfigFile, type ModelSpec, type SyncSpec } from './file-schema';
import { formatPath, YamlPositions, type ItemPath } from './yaml-positions';

/** A configuration file read, checked and resolved: what `apply` makes Ferry hold. */
export interface DesiredConfig {
  file: string;
  positions: YamlPositions;
  sources: Map<string, FileEndpoint>;
  destinations: Map<string, FileEndpoint>;
  models: Map<string, ModelSpec>;
  /** In an order where a sync comes after the sync it runs after (AFTER_SYNC). */
  syncs: Map<string, SyncSpec>;
  /** By name; each URL resolved (never printed). */
  notificationRules: Map<string, FileRule>;
  /** `file:line:column: path` of a place in the file, for messages. */
  where(path: ItemPath): string;
}

/** Orders syncs so each comes after the sync it runs after; a cycle is one problem, at the sync that closes it. */
function syncOrder(syncs: ConfigFile['syncs'], problem: (problem: FileProblem) => void): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problem({
        path: ['syncs', name, 'schedule', 'afterSync'],
        message: `AFTER_SYNC makes a cycle (${[...chain.slice(chain.indexOf(name)), name].map((n) => `"${n}"`).join(' → ')}): one of them must run by another schedule`,
      });
      return;
    }
    state.set(name, 'visiting');
    const schedule = syncs[name].schedule;
    if (schedule.kind === 'AFTER_SYNC' && syncs[schedule.afterSync]) visit(schedule.afterSync, [...chain, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(syncs).sort()) visit(name, []);
  return order;
}

function checkReferences(file: ConfigFile, problem: (problem: FileProblem) => void): void {
  const refer = (path: ItemPath, kind: 'source' | 'destination' | 'model' | 'sync', name: string, names: string[]) => {
    if (!names.includes(name)) {
      problem({
        path,
        message: `there is no ${kind} "${name}" in this file; name one of ${names.map((n) => `"${n}"`).join(', ') || `(none: add the ${kind})`}`,
      });
    }
  };
  for (const [name, model] of Object.entries(file.models)) refer(['models', name, 'source'], 'source', model.source, Object.keys(file.sources));
  for (const [name, sync] of Object.entries(file.syncs)) {
    refer(['syncs', name, 'model'], 'model', sync.model, Object.keys(file.models));
    refer(['syncs', name, 'destination'], 'destination', sync.destination, Object.keys(file.destinations));
    if (sync.schedule.kind === 'AFTER_SYNC') {
      if (sync.schedule.afterSync === name) problem({ path: ['syncs', name, 'schedule', 'afterSync'], message: 'a sync cannot run after itself' });
      else refer(['syncs', name, 'schedule', 'afterSync'], 'sync', sync.schedule.afterSync, Object.keys(file.syncs));
    }
  }
}

/** Each sync's change guard, by the API's own check (every problem with it, each at its field). */
function checkChangeGuards(file: ConfigFile, problem: (problem: FileProblem) => void): void {
  for (const [name, sync] of Object.entries(file.syncs)) {
    try {
      validateChangeGuard(sync.changeGuard);
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      const listed = (error.extensions.problems as Array<{ path: string; message: string }> | undefined) ?? [
        { path: error.field ?? 'input.changeGuard', message: error.message },
      ];
      for (const { path, message } of listed) problem({ path: ['syncs', name, ...inputPath(path)], message: withoutField(message, path) });
    }
  }
}

/**
 * The server's shortest INTERVAL: one minute unless FERRY_MIN_INTERVAL_SECONDS (a setting for Ferry's own tests) says
 * otherwise where the CLI runs.
 */
function minIntervalSeconds(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.FERRY_MIN_INTERVAL_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 ? seconds : 60;
}

/** Each INTERVAL and CRON schedule, by the API's own check, so a dry run refuses what apply would be refused. */
function checkSchedules(file: ConfigFile, env: NodeJS.ProcessEnv, problem: (problem: FileProblem) => void): void {
  for (const [name, sync] of Object.entries(file.syncs)) {
    if (sync.schedule.kind === 'AFTER_SYNC') continue;
    try {
      validateTimedSchedule(sync.schedule as ScheduleInput, minIntervalSeconds(env));
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      problem({ path: ['syncs', name, ...inputPath(error.field ?? 'input.schedule')], message: withoutField(error.message, error.field) });
    }
  }
}

/** A table model's table in the form Ferry stores it (public.customers), or a problem. */
function canonicalTables(file: ConfigFile, problem: (problem: FileProblem) => void): void {
  for (const [name, model] of Object.entries(file.models)) {
    if (model.table === undefined) continue;
    try {
      model.table = formatTableName(parseTableName(model.table));
    } catch (error) {
      if (!(error instanceof TableNameError)) throw error;
      problem({ path: ['models', name, 'table'], message: error.message });
    }
  }
}

/** True when the file leaves out the setting at `path` (its parent is there, the setting is not): "is missing", not "must be". */
function isMissing(raw: unknown, path: PropertyKey[]): boolean {
  if (path.length === 0) return false;
  const parent = path.slice(0, -1).reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | null | undefined)?.[key], raw);
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !(path[path.length - 1] in parent);
}

/** "must be text: the name of a model" said of a setting left out: "is missing: give the name of a model". */
function missingMessage(mustBe: string): string {
  const what = /^must be (?:text: )?(.+)$/.exec(mustBe)?.[1];
  return what ? `is missing: give ${what}` : 'is missing';
}

/**
 * Reads a configuration file and checks all of it before anything is asked of Ferry: YAML, the file's structure,
 * each plugin config against the plugin's zod schema (as the API does), secrets and their variables, and the
 * references between items. Throws ConfigFileError listing every problem with its line.
 */
export function readConfigText(file: string, text: string, registry: PluginRegistry, env: NodeJS.ProcessEnv): DesiredConfig {
  const positions = new YamlPositions(text);
  const where = (path: ItemPath, unexpectedKey?: string) =>
    `${file}:${positions.position(path, unexpectedKey)}: ${formatPath(unexpectedKey === undefined ? path : [...path, unexpectedKey]) || '(file)'}`;
  const syntax = positions.syntaxErrors();
  if (syntax.length)
    throw new ConfigFileError(
      file,
      syntax.map((error) => `${file}:${error.position}: ${error.message}`),
    );

  const problems: string[] = [];
  const problem = ({ path, message, unexpectedKey }: FileProblem) => problems.push(`${where(path, unexpectedKey)}: ${message}`);
  const raw = (positions.document.toJS() ?? {}) as Record<string, unknown>;
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          problem({ path: issue.path as ItemPath, unexpectedKey: key, message: 'is not a setting here; check its spelling and indentation' });
      } else {
        problem({ path: issue.path as ItemPath, message: isMissing(raw, issue.path) ? missingMessage(issue.message) : issue.message });
      }
    }
  }
  // Each source and destination whose own shape is right has its plugin config checked too, so one run of apply
  // lists every problem, the plugins' included.
  const endpoints = (kind: EndpointKind) => {
    const section = raw[plural[kind]];
    const entries = section && typeof section === 'object' ? Object.entries(section as Record<string, unknown>) : [];
    const resolved = new Map<string, FileEndpoint>();
    for (const [name, item] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      const spec = endpointSpec.safeParse(item);
      const endpoint = spec.success ? resolveEndpoint(registry, kind, name, spec.data, env, problem) : null;
      if (endpoint) resolved.set(name, endpoint);
    }
    return resolved;
  };
  const sources = endpoints('source');
  const destinations = endpoints('destination');
  if (!parsed.success) throw new ConfigFileError(file, problems);
  const data = parsed.data;
  checkReferences(data, problem);
  canonicalTables(data, problem);
  checkChangeGuards(data, problem);
  checkSchedules(data, env, problem);
  const order = syncOrder(data.syncs, problem);
  const notificationRules = resolveRules(data, env, problem);
  if (problems.length) throw new ConfigFileError(file, problems);
  return {
    file,
    positions,
    sources,
    destinations,
    models: new Map(Object.entries(data.models).sort(([a], [b]) => a.localeCompare(b))),
    syncs: new Map(order.map((name) => [name, data.syncs[name]])),
    notificationRules,
    where: (path) => where(path),
  };
}

export function readConfigFile(file: string, registry: PluginRegistry, env: NodeJS.ProcessEnv): DesiredConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a ferry.yaml`);
  }
  return readConfigText(file, text, registry, env);
}
