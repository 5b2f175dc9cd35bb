/** `npm run config-schema`: writes schemas/ferry-config.schema.json from the file's zod schema and the built-in plugins. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinPlugins } from '../plugins/builtin';
import { configFileJsonSchemaText, jsonSchemaFile } from './json-schema';

const file = join(__dirname, '..', '..', '..', jsonSchemaFile);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, configFileJsonSchemaText(builtinPlugins));
process.stdout.write(`wrote ${file}\n`);
