/** Discovers what a sync can write: contacts, accounts and custom objects, with the account's custom fields. */
import type { DestinationField, DestinationObject, PluginContext } from '../../contract';
import { listAccountFields } from './accounts/account-fields';
import { ActiveCampaignHttpError, isRequestError } from './api-error';
import type { ActiveCampaignConfig } from './config';
import { connectionFailure } from './failures';
import { CUSTOM_FIELD_PREFIX, CUSTOM_OBJECT_PREFIX } from './field-keys';
import { EMAIL, LIST_IDS, TAG_NAMES, TEXT, fieldType, takesArray } from './field-types';
import { allOf } from './pages';

interface ContactFieldJson {
  id: string;
  title?: string;
  type?: string;
}

interface SchemaJson {
  id: string;
  slug?: string;
  labels?: { singular?: string; plural?: string };
  fields?: Array<{ id: string; labels?: { singular?: string }; type?: string; required?: boolean; status?: string }>;
}

function standard(key: string, label: string, type: string, extra: Partial<DestinationField> = {}): DestinationField {
  return { key, label, type, required: false, identifier: false, array: takesArray(type), ...extra };
}

function custom(id: string, label: string | undefined, rawType: unknown, required = false): DestinationField {
  const type = fieldType(rawType);
  return standard(`${CUSTOM_FIELD_PREFIX}${id}`, label?.trim() || `Field ${id}`, type, { required });
}

async function contactObject(config: ActiveCampaignConfig, ctx: PluginContext): Promise<DestinationObject> {
  // isrequired applies to ActiveCampaign's forms, not to the API, so custom fields are never required here.
  const fields = await allOf<ContactFieldJson>(config, ctx, '/fields', 'fields');
  return {
    key: 'contact',
    label: 'Contact',
    identifiers: ['email'],
    behaviors: ['UPDATE_OR_CREATE', 'UPDATE_ONLY'],
    fields: [
      standard('email', 'Email', EMAIL, { required: true, identifier: true }),
      standard('firstName', 'First name', TEXT),
      standard('lastName', 'Last name', TEXT),
      standard('phone', 'Phone', TEXT),
      standard('lists', 'Lists', LIST_IDS),
      standard('tags', 'Tags', TAG_NAMES),
      ...fields.map((f) => custom(f.id, f.title, f.type)),
    ],
  };
}

async function accountObject(config: ActiveCampaignConfig, ctx: PluginContext): Promise<DestinationObject> {
  const fields = await listAccountFields(config, ctx);
  return {
    key: 'account',
    label: 'Account',
    identifiers: ['name'],
    behaviors: ['UPDATE_OR_CREATE'],
    fields: [
      standard('name', 'Account name', TEXT, { required: true, identifier: true }),
      standard('accountUrl', 'Account URL', TEXT),
      ...fields.map((f) => custom(f.id, f.fieldLabel, f.fieldType)),
    ],
  };
}

/** Custom-object schemas; none on plans without custom objects (the endpoint answers 403 or 404 there). */
async function schemas(config: ActiveCampaignConfig, ctx: PluginContext): Promise<SchemaJson[]> {
  try {
    return await allOf<SchemaJson>(config, ctx, '/customObjects/schemas', 'schemas', { showFields: 'all' });
  } catch (error) {
    if (error instanceof ActiveCampaignHttpError && (error.status === 403 || error.status === 404)) {
      ctx.logger.debug('activecampaign: no custom objects on this account', { status: error.status });
      return [];
    }
    throw error;
  }
}

function customObject(schema: SchemaJson): DestinationObject {
  const name = schema.labels?.singular?.trim() || schema.slug || schema.id;
  return {
    key: `${CUSTOM_OBJECT_PREFIX}${schema.id}`,
    label: `Custom object: ${name}`,
    identifiers: ['externalId'],
    behaviors: ['UPDATE_OR_CREATE'],
    fields: [
      standard('externalId', 'External ID', TEXT, { required: true, identifier: true }),
      ...(schema.fields ?? [])
        .filter((f) => f.status !== 'marked_for_deletion')
        .map((f) => custom(f.id, f.labels?.singular, f.type, f.required === true)),
    ],
  };
}

/** Contact, account and one object per custom-object schema, each with the account's live custom fields. */
export async function discoverObjects(config: ActiveCampaignConfig, ctx: PluginContext): Promise<DestinationObject[]> {
  try {
    const contact = await contactObject(config, ctx);
    const account = await accountObject(config, ctx);
    const objects = (await schemas(config, ctx)).map(customObject);
    return [contact, account, ...objects];
  } catch (error) {
    if (isRequestError(error)) throw connectionFailure(error, 'read the custom fields and custom objects');
    throw error;
  }
}
