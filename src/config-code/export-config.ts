import { stringify } from 'yaml';
import type { PluginRegistry } from '../plugins/registry';
import { secretKeys } from '../secrets/config-secrets';
import { ruleUrlVariableName, secretVariableName } from './env-references';
import type { FerryState, StoredEndpoint, StoredRule, StoredSync } from './ferry-state';

const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));

/** Refuses a state whose names are not unique per kind: a file keys items by name. */
function refuseDuplicateNames(state: FerryState): void {
  const duplicates = (['sources', 'destinations', 'models', 'syncs', 'notificationRules'] as const).flatMap((section) => {
    const seen = new Map<string, string[]>();
    for (const item of state[section]) seen.set(item.name, [...(seen.get(item.name) ?? []), item.id]);
    return [...seen].filter(([, ids]) => ids.length > 1).map(([name, ids]) => `${section}: "${name}" is the name of ${ids.join(', ')}`);
  });
  if (duplicates.length) {
    throw new Error(
      `Cannot export: a configuration file names each item once, and these names are used more than once (rename all but one, e.g. with updateSource(id, input: { name })):\n${duplicates.map((d) => `  ${d}`).join('\n')}`,
    );
  }
}

/**
 * Ferry's configuration as a file `apply` takes: deterministic (items by name, settings in the plugin's order),
 * secrets as `${FERRY_<KIND>_<NAME>_<SETTING>}` references and rule URLs as `${FERRY_RULE_<NAME>_URL}`, listed in the
 * header with what each one holds. No signing secret: Ferry shows one only when it makes it.
 */
export function exportConfig(state: FerryState, registry: PluginRegistry, schemaPath: string | null): string {
  refuseDuplicateNames(state);
  const variables: string[] = [];
  const names = (items: Array<{ id: string; name: string }>) => new Map(items.map((item) => [item.id, item.name]));
  const sourceNames = names(state.sources);
  const destinationNames = names(state.destinations);
  const modelNames = names(state.models);
  const syncNames = names(state.syncs);

  const endpoint = (kind: 'source' | 'destination', stored: StoredEndpoint) => {
    const plugin = registry.find(stored.type);
    const secrets = plugin ? secretKeys(plugin.config) : [];
    const order = plugin ? Object.keys(plugin.config.shape) : [];
    const keys = [
      ...order.filter((key) => key in stored.config || stored.storedSecrets.includes(key)),
      ...Object.keys(stored.config)
        .filter((key) => !order.includes(key))
        .sort(),
    ];
    const config: Record<string, unknown> = {};
    for (const key of keys) {
      if (secrets.includes(key)) {
        if (!stored.storedSecrets.includes(key)) continue;
        const variable = secretVariableName(kind, stored.name, key);
        variables.push(`#   ${variable}  (${kind} "${stored.name}", ${key})`);
        config[key] = `\${${variable}}`;
      } else if (stored.config[key] !== null && stored.config[key] !== undefined) {
        config[key] = stored.config[key];
      }
    }
    return { type: stored.type, config };
  };
  const sync = (stored: StoredSync) => {
    const { schedule } = stored;
    return {
      model: modelNames.get(stored.model.id),
      destination: destinationNames.get(stored.destination.id),
      object: stored.object,
      behavior: stored.behavior,
      syncKey: { column: stored.syncKey.column, field: stored.syncKey.field },
      mappings: stored.mappings.map((m) => (m.from !== null ? { from: m.from, to: m.to } : { constant: m.constant, to: m.to })),
      ...(schedule.kind === 'MANUAL'
        ? {}
        : {
            schedule:
              schedule.kind === 'INTERVAL'
                ? { kind: 'INTERVAL', every: schedule.every }
                : schedule.kind === 'CRON'
                  ? { kind: 'CRON', cron: schedule.cron, timezone: schedule.timezone ?? 'UTC' }
                  : { kind: 'AFTER_SYNC', afterSync: syncNames.get(schedule.afterSyncId ?? '') },
          }),
      ...(stored.paused ? { paused: true } : {}),
      ...(stored.changeGuard
        ? {
            changeGuard: {
              ...(stored.changeGuard.maxRecords !== null ? { maxRecords: stored.changeGuard.maxRecords } : {}),
              ...(stored.changeGuard.maxPercent !== null ? { maxPercent: stored.changeGuard.maxPercent } : {}),
            },
          }
        : {}),
    };
  };
  const rule = (stored: StoredRule) => {
    const variable = ruleUrlVariableName(stored.name);
    variables.push(`#   ${variable}  (notification rule "${stored.name}", url: ${stored.url})`);
    return {
      ...(stored.syncId !== null ? { sync: syncNames.get(stored.syncId) } : {}),
      condition: stored.condition,
      ...(stored.rejectedRowsPercent !== null ? { rejectedRowsPercent: stored.rejectedRowsPercent } : {}),
      ...(stored.duration !== null ? { duration: stored.duration } : {}),
      url: `\${${variable}}`,
      ...(stored.format !== 'WEBHOOK' ? { format: stored.format } : {}),
      ...(stored.enabled ? {} : { enabled: false }),
    };
  };
  const data = {
    version: 1,
    sources: Object.fromEntries(byName(state.sources).map((s) => [s.name, endpoint('source', s)])),
    destinations: Object.fromEntries(byName(state.destinations).map((d) => [d.name, endpoint('destination', d)])),
    models: Object.fromEntries(
      byName(state.models).map((m) => [
        m.name,
        {
          source: sourceNames.get(m.source.id),
          ...(m.description !== null ? { description: m.description } : {}),
          ...(m.table !== null ? { table: m.table } : { sql: m.sql }),
        },
      ]),
    ),
    syncs: Object.fromEntries(byName(state.syncs).map((s) => [s.name, sync(s)])),
    ...(state.notificationRules.length
      ? { notificationRules: Object.fromEntries(byName(state.notificationRules).map((r) => [r.name, rule(r)])) }
      : {}),
  };
  const header = [
    ...(schemaPath ? [`# yaml-language-server: $schema=${schemaPath}`] : []),
    '# Ferry configuration: `npm run ferry -- apply <this file>` makes Ferry hold what it says.',
    ...(variables.length
      ? ['# Secrets (and alert URLs) are not in this file. Set these environment variables to them before apply:', ...variables]
      : ['# It has no secrets.']),
  ];
  return `${header.join('\n')}\n${stringify(data, { lineWidth: 0, blockQuote: 'literal' })}`;
}
