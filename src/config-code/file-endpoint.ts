import { BadUserInputError } from '../errors';
import type { Plugin } from '../plugins/contract';
import type { PluginRegistry } from '../plugins/registry';
import { secretKeys } from '../secrets/config-secrets';
import type { FileProblem } from './config-file-error';
import { referencedVariable, secretVariableName } from './env-references';
import type { EndpointSpec } from './file-schema';
import type { ItemPath } from './yaml-positions';

export type EndpointKind = 'source' | 'destination';

/** A source or destination of the file: its plugin and its config as the plugin parsed it, secrets read from the environment. */
export interface FileEndpoint {
  kind: EndpointKind;
  name: string;
  type: string;
  plugin: Plugin;
  config: Record<string, unknown>;
  /** The secrets the file gives (as references); a secret it leaves out keeps its stored value. */
  givenSecrets: string[];
}

export const plural = { source: 'sources', destination: 'destinations' } as const;

/** Each problem of one endpoint's config: secrets as references only, variables set, then the plugin's own schema. */
export function resolveEndpoint(
  registry: PluginRegistry,
  kind: EndpointKind,
  name: string,
  spec: EndpointSpec,
  env: NodeJS.ProcessEnv,
  problem: (problem: FileProblem) => void,
): FileEndpoint | null {
  const at: ItemPath = [plural[kind], name];
  let plugin: Plugin;
  try {
    plugin = kind === 'source' ? registry.source(spec.type) : registry.destination(spec.type);
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    const known = registry
      .list(kind)
      .map((p) => p.id)
      .join(', ');
    problem({
      path: [...at, 'type'],
      message: `"${spec.type}" is not a ${kind} plugin this Ferry has; use one of ${known} (or load it with FERRY_PLUGINS)`,
    });
    return null;
  }
  const secrets = secretKeys(plugin.config);
  const resolved: Record<string, unknown> = {};
  const refused: string[] = [];
  for (const [key, value] of Object.entries(spec.config)) {
    const variable = referencedVariable(value);
    const path = [...at, 'config', key];
    if (secrets.includes(key)) {
      if (variable === null) {
        refused.push(key);
        problem({
          path,
          message: `is a secret and must not be written in the file: put it in an environment variable and write \${${secretVariableName(kind, name, key)}} (any variable name will do)`,
        });
      } else if (env[variable] === undefined) {
        refused.push(key);
        problem({ path, message: `environment variable ${variable} is not set: export it before running ferry apply (it holds this secret)` });
      } else {
        resolved[key] = env[variable];
      }
    } else if (variable !== null) {
      refused.push(key);
      problem({
        path,
        message: `only secret settings (${secrets.join(', ') || 'this plugin has none'}) read environment variables; write the value itself`,
      });
    } else {
      resolved[key] = value;
    }
  }
  try {
    const config = registry.parseConfig(plugin, resolved, 'config');
    if (refused.length) return null;
    return { kind, name, type: plugin.id, plugin, config, givenSecrets: secrets.filter((key) => key in resolved) };
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    const listed = (error.extensions.problems as Array<{ path: string; message: string }> | undefined) ?? [
      { path: error.field ?? 'config', message: error.message },
    ];
    for (const { path, message } of listed) {
      const parts = path.split('.');
      const setting = parts[1];
      // A setting refused above is left out of what the plugin checks: its "required" is no news.
      if (refused.includes(setting)) continue;
      const unknown = message.startsWith('unknown setting');
      problem({
        path: [...at, ...(unknown ? ['config'] : parts)],
        unexpectedKey: unknown ? setting : undefined,
        message: unknown ? `unknown ${plugin.name} setting "${setting}"; the settings are ${Object.keys(plugin.config.shape).join(', ')}` : message,
      });
    }
    return null;
  }
}
