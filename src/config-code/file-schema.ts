import { z } from 'zod';
import { NotificationCondition, NotificationFormat } from '../entities/notification-settings';

/**
 * The structure of a Ferry configuration file (ferry.yaml): sources, destinations, models, syncs and notification rules keyed by
 * name, referring to each other by name. Plugin configs are checked afterwards by each plugin's own zod schema,
 * exactly as the API checks them. The published JSON Schema (schemas/ferry-config.schema.json) is made from this.
 */

const text = (what: string) => z.string(`must be text: ${what}`).trim().min(1, `must not be empty: ${what}`);

/** A name as the API takes it (requireName): trimmed, not empty, at most 200 characters. */
export const itemName = z.string().trim().min(1, 'a name must not be empty').max(200, 'a name must be at most 200 characters');

export const endpointSpec = z
  .object({
    type: text('the plugin id, e.g. postgres or activecampaign').describe('The plugin: Plugin.id, e.g. postgres, snowflake, activecampaign.'),
    config: z
      .record(z.string(), z.unknown(), 'must be a mapping of the plugin settings')
      .default({})
      .describe('The plugin settings. Secrets (write-only settings) must be ${ENV_VAR} references.'),
  })
  .strict();

export const modelSpec = z
  .object({
    source: text('the name of a source of this file').describe('Name of the source (in this file) the model reads.'),
    description: z.string('must be text').optional(),
    sql: text('the SELECT that returns the rows to sync').optional().describe('The SELECT that returns the rows to sync (or give table).'),
    table: text('a table name such as public.customers')
      .optional()
      .describe('A table (or view) to sync whole, schema-qualified where the source has schemas: public.customers (or give sql).'),
  })
  .strict()
  .superRefine((model, context) => {
    if ((model.sql === undefined) === (model.table === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [model.sql === undefined ? 'sql' : 'table'],
        message: 'give exactly one of sql (a query) or table (a table name such as public.customers)',
      });
    }
  });

export const mappingSpec = z
  .object({
    from: text('a column of the model').optional().describe('Model column to read.'),
    constant: z.string('must be text: quote it, e.g. "5"').optional().describe('A fixed value written to every record.'),
    to: text('a destination field key, e.g. firstName or field:3').describe('DestinationField.key to write.'),
  })
  .strict()
  .superRefine((mapping, context) => {
    if ((mapping.from === undefined) === (mapping.constant === undefined)) {
      context.addIssue({ code: 'custom', path: ['from'], message: 'give exactly one of from (a model column) or constant (a fixed value)' });
    }
  });

export const scheduleSpec = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('MANUAL') }).strict(),
    z
      .object({
        kind: z.literal('INTERVAL'),
        every: text("a human interval such as '15 minutes' or '1 hour'").describe("e.g. '15 minutes', '1 hour'."),
      })
      .strict(),
    z
      .object({
        kind: z.literal('CRON'),
        cron: text("five cron fields such as '0 6 * * *'").describe("Five fields, e.g. '0 6 * * *' (06:00 every day)."),
        timezone: text('an IANA time zone such as Europe/Paris').optional().describe('IANA time zone, default UTC.'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('AFTER_SYNC'),
        afterSync: text('the name of a sync of this file').describe('Name of the sync (in this file) whose successful run triggers this one.'),
      })
      .strict(),
  ],
  'must say its kind: MANUAL, INTERVAL (with every), CRON (with cron) or AFTER_SYNC (with afterSync)',
);

export const syncSpec = z
  .object({
    model: text('the name of a model of this file').describe('Name of the model (in this file) the sync reads.'),
    destination: text('the name of a destination of this file').describe('Name of the destination (in this file) the sync writes to.'),
    object: text('a destination object key, e.g. contact').describe('DestinationObject.key, e.g. contact, account, customObject:<id>.'),
    behavior: z.enum(['UPDATE_OR_CREATE', 'UPDATE_ONLY'], 'must be UPDATE_OR_CREATE or UPDATE_ONLY'),
    syncKey: z
      .object({
        column: text('the model column holding the identifier'),
        field: text('the destination identifier field, e.g. email'),
      })
      .strict(),
    mappings: z.array(mappingSpec, 'must be a list of mappings').default([]),
    schedule: scheduleSpec.default({ kind: 'MANUAL' }).describe('When the sync runs by itself; MANUAL (the default) runs it only on demand.'),
    paused: z.boolean('must be true or false').default(false),
    changeGuard: z
      .object({
        maxRecords: z
          .number('must be a whole number')
          .int('must be a whole number')
          .optional()
          .describe('Most records one run may send (new or changed).'),
        maxPercent: z
          .number('must be a number')
          .optional()
          .describe('Most records one run may send, as a percentage (above 0, at most 100) of the records Ferry has written for this sync.'),
      })
      .strict()
      .nullish()
      .describe('Caps what one run may send; a run that would send more stops before its first write. Left out (or null): no guard.'),
  })
  .strict();

export const notificationRuleSpec = z
  .object({
    sync: text('the name of a sync of this file')
      .optional()
      .describe('Name of the sync (in this file) the rule watches; leave it out to watch every sync.'),
    condition: z.enum(NotificationCondition, `must be one of ${Object.values(NotificationCondition).join(', ')}`).describe('What to alert on.'),
    rejectedRowsPercent: z
      .number('must be a number')
      .optional()
      .describe('For REJECTED_ROWS_ABOVE (required there): 0 to below 100, alerting when more than this % of the rows read are rejected.'),
    duration: text("a human duration such as '30 minutes' or '1 day'")
      .optional()
      .describe("For RUN_LONGER_THAN and NO_SUCCESS_FOR (required there): e.g. '30 minutes', '1 day'."),
    url: text('the https URL that receives the alerts, or an ${ENV_VAR} reference to it').describe(
      'Where alerts go: https (plain http only to loopback). A Slack or Discord URL is a credential: write it as an ${ENV_VAR} reference.',
    ),
    format: z
      .enum(NotificationFormat, `must be one of ${Object.values(NotificationFormat).join(', ')}`)
      .default(NotificationFormat.WEBHOOK)
      .describe("WEBHOOK (Ferry's signed JSON, the default) or SLACK."),
    enabled: z.boolean('must be true or false').default(true),
  })
  .strict();

/** The whole file. A new section is one more entry here and in the plan of its kind. */
export const configFileSchema = z
  .object({
    version: z.literal(1, 'must be 1 (the only version of this file so far)'),
    sources: z.record(itemName, endpointSpec, 'must be a mapping of source name to source').default({}),
    destinations: z.record(itemName, endpointSpec, 'must be a mapping of destination name to destination').default({}),
    models: z.record(itemName, modelSpec, 'must be a mapping of model name to model').default({}),
    syncs: z.record(itemName, syncSpec, 'must be a mapping of sync name to sync').default({}),
    notificationRules: z
      .record(itemName, notificationRuleSpec, 'must be a mapping of rule name to notification rule')
      .default({})
      .describe('Alert rules by name (see README "Alerts"); a new rule\'s signing secret is printed once by apply.'),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type EndpointSpec = z.output<typeof endpointSpec>;
export type ModelSpec = z.output<typeof modelSpec>;
export type SyncSpec = z.output<typeof syncSpec>;
export type ScheduleSpec = z.output<typeof scheduleSpec>;
export type MappingSpec = z.output<typeof mappingSpec>;
export type NotificationRuleSpec = z.output<typeof notificationRuleSpec>;
export type ChangeGuardSpec = NonNullable<SyncSpec['changeGuard']>;
