/**
 * Accounts, matched by name. The name → id map is loaded once per run; a known name is updated
 * (`PUT /accounts/{id}`, without the name, so an account matched ignoring case keeps its own spelling), an
 * unknown one created (`POST /accounts`), custom fields inline: one request per record. An update is sent even
 * when the record maps nothing but the name: its 404 tells an account deleted since the map was loaded.
 *
 * A create refused as a duplicate (another writer created the name meanwhile, the name differs from ours only
 * in case, or the engine retried a create whose reply was lost) is looked up with `GET /accounts?search=` and
 * updated: never a failure, never a second account. An update of an account deleted since the map was loaded
 * (404) creates it again.
 */
import type { DestinationRecord, PluginContext, RecordResult, WriteRequest } from '../../../contract';
import { ActiveCampaignHttpError, hasErrorCode, isNotFound } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { batchFailure, rejectionFor } from '../failures';
import { BatchResults } from '../results';
import { type AccountBody, accountBody } from './account-body';
import { type AccountDirectory, loadAccountDirectory, searchAccount } from './account-directory';
import { type AccountFieldInfo, loadAccountFields } from './account-fields';

interface AccountReply {
  account: { id: string };
}

/** A 422 saying the name is taken: `code: "duplicate"`, or at least a message saying it already exists. */
function isDuplicateName(error: unknown): boolean {
  return (
    hasErrorCode(error, 'duplicate') || (error instanceof ActiveCampaignHttpError && error.status === 422 && /already exists/i.test(error.message))
  );
}

async function update(config: ActiveCampaignConfig, ctx: PluginContext, id: string, body: AccountBody): Promise<void> {
  await apiRequest<AccountReply>(config, ctx, { method: 'PUT', path: `/accounts/${id}`, body });
}

async function create(config: ActiveCampaignConfig, ctx: PluginContext, body: AccountBody): Promise<string> {
  const { body: reply } = await apiRequest<AccountReply>(config, ctx, { method: 'POST', path: '/accounts', body });
  return String(reply.account.id);
}

async function writeOne(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  record: DestinationRecord,
  directory: AccountDirectory,
  fields: ReadonlyMap<string, AccountFieldInfo>,
  results: BatchResults,
): Promise<void> {
  const changes = accountBody(record, fields, 'update');
  const known = directory.find(record.key);
  if (known !== undefined) {
    try {
      await update(config, ctx, known, changes);
      return results.updated(record.key, known);
    } catch (error) {
      if (!isNotFound(error)) return results.reject(record.key, rejectionFor(error));
      directory.forget(known);
    }
  }
  try {
    const id = await create(config, ctx, accountBody(record, fields, 'create'));
    directory.add(record.key, id);
    results.created(record.key, id);
  } catch (error) {
    if (!isDuplicateName(error)) return results.reject(record.key, rejectionFor(error));
    try {
      const id = await searchAccount(config, ctx, record.key);
      if (id === undefined) return results.reject(record.key, rejectionFor(error));
      await update(config, ctx, id, changes);
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
