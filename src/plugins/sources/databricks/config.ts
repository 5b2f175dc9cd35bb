import { z } from 'zod';
import { parseHost, warehouseIdFrom } from './endpoint';

const identifier = (what: string) =>
  z.string('must be a string').trim().min(1, `must not be empty: give the ${what}, or leave the field out`).optional();

/** Connection settings of a Databricks SQL warehouse. `token` is a secret (write-only in the API). */
export const databricksConfig = z.object({
  host: z
    .string({ error: 'required: the Server hostname of the workspace, from the SQL warehouse’s Connection details' })
    .superRefine((value, ctx) => {
      const parsed = parseHost(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe('Server hostname of the workspace (Connection details of the SQL warehouse), e.g. dbc-a1b2c3d4-e5f6.cloud.databricks.com'),
  httpPath: z
    .string({ error: 'required: the HTTP path of the SQL warehouse, e.g. /sql/1.0/warehouses/1234567890abcdef' })
    .superRefine((value, ctx) => {
      const parsed = warehouseIdFrom(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe('HTTP path of the SQL warehouse (Connection details), e.g. /sql/1.0/warehouses/1234567890abcdef'),
  token: z
    .string({ error: 'required: a personal access token (User Settings → Developer → Access tokens)' })
    .min(1, 'must not be empty: create a personal access token under User Settings → Developer → Access tokens')
    .meta({ description: 'Personal access token (dapi…) of the user or service principal Ferry reads as', writeOnly: true }),
  catalog: identifier('catalog').describe('Catalog that unqualified table names resolve in (default: the workspace default catalog)'),
  schema: identifier('schema').describe('Schema that unqualified table names resolve in (default: the catalog default schema)'),
  statementTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .default(900)
    .describe('Longest wait for a statement to finish, the warehouse’s start-up included; Ferry then cancels it'),
  requestTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .max(300, 'must be at most 300 seconds')
    .default(30)
    .describe('Longest wait for one HTTP request (an API call or one result chunk download)'),
});

export type DatabricksConfig = z.infer<typeof databricksConfig>;

/** The workspace origin and warehouse id of a validated config. */
export function endpoint(config: DatabricksConfig): { origin: string; warehouseId: string } {
  const host = parseHost(config.host);
  const warehouse = warehouseIdFrom(config.httpPath);
  if ('error' in host || 'error' in warehouse) throw new Error('databricks config was not validated');
  return { origin: host.origin, warehouseId: warehouse.id };
}
