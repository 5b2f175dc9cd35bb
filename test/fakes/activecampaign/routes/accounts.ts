/** Accounts (unique names), account custom fields and values, and `/accountContacts` (one account per contact). */
import type { FakeApp } from '../app';
import { attributeError, errorBodies, noResult } from '../errors';
import { metaOf, pageOf, pagingOf } from '../paging';
import { idOf, isRecord, textOf } from '../body-values';
import { isReply, type RouteReply, type Router } from '../router';
import type { AccountRecord } from '../state/records';
import { checkAccountValue, checkInlineFields, type AccountValueWrite } from './account-field-input';
import { accountContactJson, accountDatumJson, accountFieldJson, accountJson } from './account-json';

export function registerAccountRoutes(router: Router, { state }: FakeApp): void {
  const { accounts } = state;
  const write = (account: AccountRecord, values: AccountValueWrite[]) => {
    for (const v of values) accounts.setValue(account.id, v.fieldId, v.value, v.currency);
  };
  const accountBody = (body: unknown) => (isRecord(body) && isRecord(body.account) ? body.account : null);

  router.add('GET', '/accounts', (req) => {
    const search = req.query.get('search')?.toLowerCase() ?? '';
    const all = accounts.all().filter((a) => a.name.toLowerCase().includes(search));
    const counts = req.query.get('count_deals') === 'true';
    const page = pageOf(all, pagingOf(req.query)).map((a) => ({
      ...accountJson(a, state),
      contactCount: counts ? String(accounts.linksOfAccount(a.id).length) : '0',
      dealCount: '0',
    }));
    return { status: 200, body: { accounts: page, meta: metaOf(all.length) } };
  });

  router.add('POST', '/accounts', (req) => {
    const input = accountBody(req.body);
    if (!input) return { status: 422, body: errorBodies.accountNameMissing };
    const name = textOf(input.name)?.trim();
    if (!name) return { status: 422, body: errorBodies.accountNameMissing };
    if (accounts.findByName(name)) return { status: 422, body: errorBodies.accountDuplicate(name) };
    const values = checkInlineFields(state, input.fields);
    if (isReply(values)) return values;
    const account = accounts.create({ name, accountUrl: textOf(input.accountUrl), owner: idOf(input.owner) ?? undefined });
    write(account, values);
    return { status: 201, body: { account: accountJson(account, state, { fields: true }) } };
  });

  router.add('GET', '/accounts/:id', (req) => {
    const account = accounts.get(req.params.id);
    if (!account) return { status: 404, body: noResult('Account', req.params.id) };
    return { status: 200, body: { account: accountJson(account, state, { fields: true, counts: true }) } };
  });

  router.add('PUT', '/accounts/:id', (req) => {
    const account = accounts.get(req.params.id);
    if (!account) return { status: 404, body: noResult('Account', req.params.id) };
    const input = accountBody(req.body);
    if (!input) return { status: 422, body: errorBodies.missingAttribute('account') };
    const name = 'name' in input ? textOf(input.name)?.trim() : undefined;
    if ('name' in input && !name) return { status: 422, body: errorBodies.accountNameMissing };
    const other = name ? accounts.findByName(name) : undefined;
    if (name && other && other.id !== account.id) return { status: 422, body: errorBodies.accountDuplicate(name) };
    const values = checkInlineFields(state, input.fields);
    if (isReply(values)) return values;
    accounts.update(account, { name, accountUrl: textOf(input.accountUrl), owner: idOf(input.owner) ?? undefined });
    write(account, values);
    return { status: 200, body: { account: accountJson(account, state, { fields: true }) } };
  });

  router.add('DELETE', '/accounts/:id', (req) => {
    if (!accounts.delete(req.params.id)) return { status: 404, body: noResult('Account', req.params.id) };
    return { status: 200, body: {} };
  });

  router.add('GET', '/accountCustomFieldMeta', (req) => {
    const all = accounts.allFields();
    return { status: 200, body: { accountCustomFieldMeta: pageOf(all, pagingOf(req.query)).map(accountFieldJson), meta: metaOf(all.length) } };
  });

  router.add('GET', '/accountCustomFieldMeta/:id', (req) => {
    const field = accounts.getField(req.params.id);
    if (!field) return { status: 404, body: noResult('AccountCustomFieldMeta', req.params.id) };
    return { status: 200, body: { accountCustomFieldMetum: accountFieldJson(field) } };
  });

  router.add('POST', '/accountCustomFieldMeta', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.accountCustomFieldMetum) ? req.body.accountCustomFieldMetum : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('accountCustomFieldMetum') };
    const label = textOf(input.fieldLabel)?.trim();
    const type = textOf(input.fieldType);
    if (!label) return { status: 422, body: attributeError('The field label was not provided.', 'field_missing', 'fieldLabel') };
    if (!type) return { status: 422, body: attributeError('The field type was not provided.', 'field_missing', 'fieldType') };
    const options = Array.isArray(input.fieldOptions) ? input.fieldOptions.map(String) : undefined;
    const field = accounts.createField({ label, type, options, defaultCurrency: textOf(input.fieldDefaultCurrency) || undefined });
    return { status: 201, body: { accountCustomFieldMetum: accountFieldJson(field) } };
  });

  router.add('GET', '/accountCustomFieldData', (req) => {
    const accountId = req.query.get('filters[customerAccountId]') ?? req.query.get('filters[accountId]');
    const all = accountId === null ? accounts.allValues() : accounts.valuesOf(accountId);
    return { status: 200, body: { accountCustomFieldData: pageOf(all, pagingOf(req.query)).map(accountDatumJson), meta: metaOf(all.length) } };
  });

  router.add('GET', '/accountCustomFieldData/:id', (req) => {
    const datum = accounts.getValueById(req.params.id);
    if (!datum) return { status: 404, body: noResult('AccountCustomFieldData', req.params.id) };
    return { status: 200, body: { accountCustomFieldDatum: accountDatumJson(datum) } };
  });

  /** One `{customerAccountId|accountId, customFieldId, fieldValue, fieldCurrency?}`. */
  const checkDatum = (raw: unknown, pointer: string): (AccountValueWrite & { accountId: string }) | RouteReply => {
    const d = isRecord(raw) ? raw : {};
    const accountId = idOf(d.customerAccountId ?? d.accountId);
    if (accountId === null || !accounts.get(accountId)) return { status: 404, body: noResult('Account', String(d.customerAccountId ?? d.accountId)) };
    const value = checkAccountValue(state, d.customFieldId, d.fieldValue, d.fieldCurrency, pointer);
    return isReply(value) ? value : { ...value, accountId };
  };

  router.add('POST', '/accountCustomFieldData/bulkCreate', (req) => {
    if (!Array.isArray(req.body)) return { status: 400, body: errorBodies.badRequest };
    const writes = [];
    for (const [index, raw] of req.body.entries()) {
      const datum = checkDatum(raw, `${index}/fieldValue`);
      if (isReply(datum)) return datum;
      writes.push(datum);
    }
    for (const w of writes) accounts.setValue(w.accountId, w.fieldId, w.value, w.currency);
    return { status: 200, body: { message: 'the bulk insert was successful' } };
  });

  router.add('POST', '/accountCustomFieldData', (req) => {
    const input = isRecord(req.body) ? req.body.accountCustomFieldDatum : undefined;
    if (!isRecord(input)) return { status: 422, body: errorBodies.missingAttribute('accountCustomFieldDatum') };
    const datum = checkDatum(input, 'fieldValue');
    if (isReply(datum)) return datum;
    const stored = accounts.setValue(datum.accountId, datum.fieldId, datum.value, datum.currency);
    return { status: 201, body: { accountCustomFieldDatum: accountDatumJson(stored) } };
  });

  router.add('PUT', '/accountCustomFieldData/:id', (req) => {
    const existing = accounts.getValueById(req.params.id);
    if (!existing) return { status: 404, body: noResult('AccountCustomFieldData', req.params.id) };
    const input = isRecord(req.body) && isRecord(req.body.accountCustomFieldDatum) ? req.body.accountCustomFieldDatum : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('accountCustomFieldDatum') };
    const value = checkAccountValue(state, existing.customFieldId, input.fieldValue, input.fieldCurrency, 'fieldValue');
    if (isReply(value)) return value;
    const stored = accounts.setValue(existing.accountId, value.fieldId, value.value, value.currency);
    return { status: 200, body: { accountCustomFieldDatum: accountDatumJson(stored) } };
  });

  router.add('GET', '/accountContacts', (req) => {
    const contact = req.query.get('filters[contact]');
    const account = req.query.get('filters[account]');
    const candidates =
      contact !== null ? [accounts.linkOfContact(contact) ?? []].flat() : account !== null ? accounts.linksOfAccount(account) : accounts.allLinks();
    const all = candidates.filter((l) => account === null || l.account === account);
    return { status: 200, body: { accountContacts: pageOf(all, pagingOf(req.query)).map(accountContactJson), meta: metaOf(all.length) } };
  });

  router.add('GET', '/accountContacts/:id', (req) => {
    const link = accounts.getLink(req.params.id);
    if (!link) return { status: 404, body: noResult('AccountContact', req.params.id) };
    return { status: 200, body: { accountContact: accountContactJson(link) } };
  });

  const linkTarget = (
    input: Record<string, unknown>,
    current?: { contact: string; account: string; id: string },
  ): { contact: string; account: string } | RouteReply => {
    const contact = 'contact' in input ? idOf(input.contact) : (current?.contact ?? null);
    const account = 'account' in input ? idOf(input.account) : (current?.account ?? null);
    if (contact === null) return { status: 422, body: errorBodies.missingAttribute('contact') };
    if (account === null) return { status: 422, body: errorBodies.missingAttribute('account') };
    if (!state.contacts.get(contact)) return { status: 404, body: noResult('Subscriber', contact) };
    if (!accounts.get(account)) return { status: 404, body: noResult('Account', account) };
    const existing = accounts.linkOfContact(contact);
    if (existing && existing.id !== current?.id) return { status: 422, body: errorBodies.contactHasAccount };
    return { contact, account };
  };

  router.add('POST', '/accountContacts', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.accountContact) ? req.body.accountContact : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('accountContact') };
    const target = linkTarget(input);
    if (isReply(target)) return target;
    const link = accounts.link(target.account, target.contact, textOf(input.jobTitle) ?? '');
    return { status: 201, body: { accountContact: accountContactJson(link) } };
  });

  router.add('PUT', '/accountContacts/:id', (req) => {
    const link = accounts.getLink(req.params.id);
    if (!link) return { status: 404, body: noResult('AccountContact', req.params.id) };
    const input = isRecord(req.body) && isRecord(req.body.accountContact) ? req.body.accountContact : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('accountContact') };
    const target = linkTarget(input, link);
    if (isReply(target)) return target;
    accounts.updateLink(link, { ...target, jobTitle: textOf(input.jobTitle) });
    return { status: 200, body: { accountContact: accountContactJson(link) } };
  });

  router.add('DELETE', '/accountContacts/:id', (req) => {
    if (!accounts.unlink(req.params.id)) return { status: 404, body: noResult('AccountContact', req.params.id) };
    return { status: 200, body: {} };
  });
}
