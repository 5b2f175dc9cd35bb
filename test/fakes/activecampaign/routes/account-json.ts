/** The JSON shapes of accounts, account custom fields, their values and contact links. */
import type { FakeState } from '../state/fake-state';
import type { AccountContactRecord, AccountFieldRecord, AccountFieldValueRecord, AccountRecord } from '../state/records';

export function accountJson(a: AccountRecord, state: FakeState, extra: { counts?: boolean; fields?: boolean } = {}) {
  return {
    name: a.name,
    accountUrl: a.accountUrl,
    owner: a.owner,
    createdTimestamp: a.createdTimestamp,
    updatedTimestamp: a.updatedTimestamp,
    ...(extra.counts ? { contactCount: String(state.accounts.linksOfAccount(a.id).length), dealCount: '0' } : {}),
    links: [],
    ...(extra.fields
      ? {
          fields: state.accounts.valuesOf(a.id).map((v) => ({
            customFieldId: Number(v.customFieldId),
            fieldValue: v.fieldValue,
            ...(v.fieldCurrency ? { fieldCurrency: v.fieldCurrency } : {}),
            accountId: a.id,
          })),
        }
      : {}),
    id: a.id,
  };
}

export function accountFieldJson(f: AccountFieldRecord) {
  return {
    id: f.id,
    fieldLabel: f.fieldLabel,
    fieldType: f.fieldType,
    fieldOptions: f.fieldOptions,
    fieldDefault: f.fieldDefault,
    fieldDefaultCurrency: f.fieldDefaultCurrency,
    isFormVisible: 1,
    isRequired: f.isRequired,
    displayOrder: f.displayOrder,
    personalization: f.personalization,
    knownFieldId: null,
    hideFieldFlag: 0,
    createdTimestamp: f.createdTimestamp,
    updatedTimestamp: f.updatedTimestamp,
    links: [],
  };
}

export function accountDatumJson(d: AccountFieldValueRecord) {
  return {
    id: d.id,
    customerAccountId: d.accountId,
    accountId: d.accountId,
    customFieldId: d.customFieldId,
    fieldValue: d.fieldValue,
    ...(d.fieldCurrency ? { fieldCurrency: d.fieldCurrency } : {}),
    createdTimestamp: d.createdTimestamp,
    updatedTimestamp: d.updatedTimestamp,
    links: [],
  };
}

export function accountContactJson(l: AccountContactRecord) {
  return {
    account: l.account,
    contact: l.contact,
    jobTitle: l.jobTitle,
    createdTimestamp: l.createdTimestamp,
    updatedTimestamp: l.updatedTimestamp,
    links: { account: `/api/3/accountContacts/${l.id}/account`, contact: `/api/3/accountContacts/${l.id}/contact` },
    id: l.id,
  };
}
