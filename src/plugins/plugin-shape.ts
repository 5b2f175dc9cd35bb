import { z } from 'zod';

const method = z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'must be a function');

const base = {
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, starting with a letter'),
  name: z.string().min(1),
  version: z.string().min(1),
  config: z.custom<z.ZodObject>((value) => value instanceof z.ZodObject, 'must be a zod object schema (z.object({...}))'),
  test: method,
  secretBindings: z.array(z.string(), 'must be an array of config field names').optional(),
};

/** What a plugin object must look like; the registry refuses anything else with these messages. */
export const pluginShape = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('source'), columns: method, read: method }),
  z.object({ ...base, kind: z.literal('destination'), limits: method, objects: method, coerce: method, write: method }),
]);
