import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { exportConfig } from '../config-code/export-config';
import { FerryApi } from '../config-code/ferry-api';
import { readFerryState } from '../config-code/ferry-state';
import { jsonSchemaFile } from '../config-code/json-schema';
import type { PluginRegistry } from '../plugins/registry';

/** The published JSON Schema, as a path relative to where the exported file goes (editors resolve it from there). */
function schemaReference(output: string | undefined): string {
  const schema = join(__dirname, '..', '..', '..', jsonSchemaFile);
  const path = relative(output ? dirname(output) : process.cwd(), schema)
    .split('\\')
    .join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** `export [--output FILE]`: Ferry's configuration as a file apply takes (stdout without --output), secrets as references. */
export async function exportConfigFile(
  registry: PluginRegistry,
  output: string | undefined,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<void> {
  const api = FerryApi.fromEnvironment(env);
  const text = exportConfig(await readFerryState(api), registry, schemaReference(output));
  if (!output) {
    write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`--output ${output}: cannot write it (${reason}); give a file in a folder that exists and that you may write to`);
  }
  process.stderr.write(`wrote ${output}\n`);
}
