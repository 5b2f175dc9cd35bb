import { z } from 'zod';
import { BadUserInputError, StartupConfigError } from '../errors';
import type { DestinationPlugin, Plugin, PluginKindName, SourcePlugin } from './contract';
import { pluginShape } from './plugin-shape';

/** The longest value any config setting may have (a private key in PEM fits many times over). */
export const MAX_SETTING_CHARACTERS = 65_536;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(plugin)'}: ${issue.message}`).join('; ');
}

/** The plugins Ferry can use, checked once when loaded. */
export class PluginRegistry {
  private readonly plugins = new Map<string, Plugin>();

  constructor(plugins: Plugin[]) {
    for (const plugin of plugins) this.add(plugin, `built-in plugin ${String((plugin as { id?: unknown }).id)}`);
  }

  /** Loads and checks the plugin packages named in FERRY_PLUGINS; a bad one stops start-up. */
  static withPackages(builtins: Plugin[], packageNames: string[], load: (name: string) => unknown = require): PluginRegistry {
    const registry = new PluginRegistry(builtins);
    for (const name of packageNames) {
      let exported: unknown;
      try {
        exported = load(name);
      } catch (error) {
        throw new StartupConfigError(
          `FERRY_PLUGINS: package "${name}" could not be loaded (${(error as Error).message}); install it next to Ferry with \`npm install ${name}\``,
        );
      }
      const candidates = PluginRegistry.exportedPlugins(exported);
      if (candidates.length === 0) {
        throw new StartupConfigError(
          `FERRY_PLUGINS: package "${name}" exports no plugin: export a plugin object (or an array of them) as default or as \`plugin\`/\`plugins\``,
        );
      }
      for (const candidate of candidates) registry.add(candidate, `package "${name}"`);
    }
    return registry;
  }

  private static exportedPlugins(exported: unknown): unknown[] {
    const module = exported as Record<string, unknown> | undefined;
    const value =
      module?.plugins ?? module?.plugin ?? (module?.default as Record<string, unknown> | undefined)?.plugins ?? module?.default ?? exported;
    if (Array.isArray(value)) return value;
    return value && typeof value === 'object' && 'kind' in value ? [value] : [];
  }

  private add(candidate: unknown, origin: string): void {
    const checked = pluginShape.safeParse(candidate);
    if (!checked.success) {
      throw new StartupConfigError(`FERRY_PLUGINS: ${origin} is not a valid Ferry plugin: ${describeIssues(checked.error)}`);
    }
    const plugin = candidate as Plugin;
    const unknownBindings = (plugin.secretBindings ?? []).filter((key) => !(key in plugin.config.shape));
    if (unknownBindings.length) {
      throw new StartupConfigError(`FERRY_PLUGINS: ${origin} names ${unknownBindings.join(', ')} in secretBindings, which its config does not have`);
    }
    if (this.plugins.has(plugin.id)) {
      throw new StartupConfigError(`FERRY_PLUGINS: ${origin} uses the id "${plugin.id}", which another plugin already has`);
    }
    this.plugins.set(plugin.id, plugin);
  }

  /** The plugin with this id, if loaded. */
  find(id: string): Plugin | undefined {
    return this.plugins.get(id);
  }

  list(kind?: PluginKindName): Plugin[] {
    return [...this.plugins.values()].filter((plugin) => !kind || plugin.kind === kind);
  }

  source(type: string, field = 'type'): SourcePlugin {
    return this.ofKind(type, 'source', field) as SourcePlugin;
  }

  destination(type: string, field = 'type'): DestinationPlugin {
    return this.ofKind(type, 'destination', field) as DestinationPlugin;
  }

  private ofKind(type: string, kind: PluginKindName, field: string): Plugin {
    const plugin = this.plugins.get(type);
    if (!plugin || plugin.kind !== kind) {
      const known = this.list(kind)
        .map((p) => p.id)
        .join(', ');
      throw new BadUserInputError(`${field}: unknown ${kind} type "${type}"; known ${kind} types: ${known}`, field);
    }
    return plugin;
  }

  /** Validates raw config input against the plugin's zod schema; each problem names its path. */
  parseConfig(plugin: Plugin, input: unknown, field = 'config'): Record<string, unknown> {
    const oversized = Object.entries((input ?? {}) as Record<string, unknown>).find(
      ([, value]) => typeof value === 'string' && value.length > MAX_SETTING_CHARACTERS,
    );
    if (oversized) {
      throw new BadUserInputError(
        `Invalid ${plugin.name} config: ${field}.${oversized[0]}: at most ${MAX_SETTING_CHARACTERS} characters (got ${String(oversized[1]).length})`,
        `${field}.${oversized[0]}`,
      );
    }
    // Strict, so a misspelt setting ("passwrod") is refused rather than silently dropped.
    const parsed = plugin.config.strict().safeParse(input);
    if (!parsed.success) {
      const known = Object.keys(plugin.config.shape).join(', ');
      const problems = parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: [field, ...issue.path, key].join('.'), message: `unknown setting; the settings are ${known}` }))
          : [{ path: [field, ...issue.path].join('.'), message: issue.message }],
      );
      throw new BadUserInputError(`Invalid ${plugin.name} config: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, field, { problems });
    }
    return parsed.data as Record<string, unknown>;
  }
}
