/**
 * Accounts, matched by name: the name → id map is loaded once per run; a known name is updated
 * (`PUT /accounts/{id}`), an unknown one created (`POST /accounts`), custom fields inline. A create refused as a
 * duplicate (another writer created the name meanwhile, or the name differs from ours only in case) is looked
 * up and updated: never a failure, never a second account. An update of an account deleted since the map was
 * loaded (404) creates it again.
 */
import type { DestinationRecord, PluginContext, RecordResult, WriteRequest } from '../../../contract';
import { ActiveCampaignHttpError } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { isBlank } from '../empty-values';
import { batchFailure, rejectionFor } from '../failures';
import { CUSTOM_FIELD_PREFIX } from '../objects';
import { BatchResults } from '../results';
import { type AccountDirectory, loadAccountDirectory, searchAccount } from './account-directory';
import { type AccountFieldInfo, accountFieldValue, loadAccountFields } from './account-fields';

interface AccountReply {
  account: { id: string };
}

function accountBody(record: DestinationRecord, fields: Map<string, AccountFieldInfo>): unknown {
  const account: Record<string, unknown> = { name: record.key };
  const values: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(record.fields)) {
    if (isBlank(value)) continue;
    if (key === 'accountUrl') account.accountUrl = String(value);
    if (!key.startsWith(CUSTOM_FIELD_PREFIX)) continue;
    const id = key.slice(CUSTOM_FIELD_PREFIX.length);
    const info = fields.get(id);
    const entry: Record<string, unknown> = { customFieldId: /^\d+$/.test(id) ? Number(id) : id, fieldValue: accountFieldValue(info, value) };
    if (info?.currency) entry.fieldCurrency = info.currency;
    values.push(entry);
  }
  if (values.length > 0) account.fields = values;
  return { account };
}

function isDuplicate(error: unknown): boolean {
  if (!(error instanceof ActiveCampaignHttpError) || error.status !== 422) return false;
  const errors = (error.body as { errors?: Array<{ code?: unknown }> } | null)?.errors;
  return (Array.isArray(errors) && errors.some((e) => e?.code === 'duplicate')) || /already exists/i.test(error.message);
}

const isNotFound = (error: unknown) => error instanceof ActiveCampaignHttpError && error.status === 404;

async function update(config: ActiveCampaignConfig, ctx: PluginContext, id: string, body: unknown): Promise<void> {
  await apiRequest<AccountReply>(config, ctx, { method: 'PUT', path: `/accounts/${id}`, body });
}

async function writeOne(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  record: DestinationRecord,
  directory: AccountDirectory,
  fields: Map<string, AccountFieldInfo>,
  results: BatchResults,
): Promise<void> {
  const body = accountBody(record, fields);
  const known = directory.find(record.key);
  if (known !== undefined) {
    try {
      await update(config, ctx, known, body);
      results.updated(record.key, known);
      return;
    } catch (error) {
      if (!isNotFound(error)) return results.reject(record.key, rejectionFor(error));
      directory.forget(known);
    }
  }
  try {
    const { body: reply } = await apiRequest<AccountReply>(config, ctx, { method: 'POST', path: '/accounts', body });
    const id = String(reply.account.id);
    directory.add(record.key, id);
    results.created(record.key, id);
  } catch (error) {
    if (!isDuplicate(error)) return results.reject(record.key, rejectionFor(error));
    try {
      const id = await searchAccount(config, ctx, record.key);
      if (id === undefined) return results.reject(record.key, rejectionFor(error));
      await update(config, ctx, id, body);
      directory.add(record.key, id);
      results.updated(record.key, id);
    } catch (retryError) {
      results.reject(record.key, rejectionFor(retryError));
    }
  }
}

export async function writeAccounts(config: ActiveCampaignConfig, request: WriteRequest, ctx: PluginContext): Promise<RecordResult[]> {
  const results = new BatchResults(request.records);
  let directory: AccountDirectory;
  let fields: Map<string, AccountFieldInfo>;
  try {
    directory = await loadAccountDirectory(config, ctx);
    fields = await loadAccountFields(config, ctx);
  } catch (error) {
    throw batchFailure(error, 'load the accounts and their custom fields');
  }
  for (const record of request.records) await writeOne(config, ctx, record, directory, fields, results);
  return results.list();
}
