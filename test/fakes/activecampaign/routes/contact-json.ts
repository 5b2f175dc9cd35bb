/** The JSON shapes of contacts and their field values, as the API returns them. */
import type { FakeState } from '../state/fake-state';
import type { ContactListRecord, ContactRecord, FieldValueRecord } from '../state/records';

export function fieldValueJson(v: FieldValueRecord) {
  return {
    contact: v.contact,
    field: v.field,
    value: v.value,
    cdate: v.cdate,
    udate: v.udate,
    created_by: null,
    updated_by: null,
    links: { owner: `/api/3/fieldValues/${v.id}/owner`, field: `/api/3/fieldValues/${v.id}/field` },
    id: v.id,
    owner: v.contact,
  };
}

export function contactListJson(m: ContactListRecord) {
  return {
    contact: m.contact,
    list: m.list,
    form: null,
    seriesid: '0',
    sdate: m.sdate,
    udate: m.udate,
    status: m.status,
    responder: '1',
    sync: '0',
    unsubreason: '',
    campaign: null,
    message: null,
    first_name: '',
    last_name: '',
    ip4Sub: '0',
    sourceid: '0',
    autosyncLog: null,
    ip4_last: '0',
    ip4Unsub: '0',
    unsubscribeAutomation: null,
    links: { automation: '', list: `/api/3/contactLists/${m.id}/list`, contact: `/api/3/contactLists/${m.id}/contact` },
    id: m.id,
    automation: null,
  };
}

export function contactJson(c: ContactRecord, state: FakeState) {
  const fieldValueIds = state.fields.valuesOf(c.id).map((v) => v.id);
  const account = state.accounts.linkOfContact(c.id);
  const [local, domain] = c.email.split('@');
  return {
    cdate: c.cdate,
    email: c.email,
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    orgid: account ? account.account : '0',
    orgname: account ? (state.accounts.get(account.account)?.name ?? '') : '',
    segmentio_id: '',
    bounced_hard: '0',
    bounced_soft: '0',
    bounced_date: null,
    ip: '0',
    ua: null,
    hash: '',
    socialdata_lastcheck: null,
    email_local: local,
    email_domain: domain,
    sentcnt: '0',
    rating_tstamp: null,
    gravatar: '0',
    deleted: '0',
    anonymized: '0',
    adate: null,
    udate: c.udate,
    edate: null,
    deleted_at: null,
    created_utc_timestamp: c.cdate,
    updated_utc_timestamp: c.udate,
    created_timestamp: c.cdate,
    updated_timestamp: c.udate,
    created_by: null,
    updated_by: null,
    mpp_tracking: '0',
    scoreValues: [],
    accountContacts: account ? [account.id] : [],
    links: {
      contactLists: `/api/3/contacts/${c.id}/contactLists`,
      contactTags: `/api/3/contacts/${c.id}/contactTags`,
      fieldValues: `/api/3/contacts/${c.id}/fieldValues`,
      accountContacts: `/api/3/contacts/${c.id}/accountContacts`,
    },
    fieldValues: fieldValueIds,
    id: c.id,
    organization: account ? account.account : '',
  };
}
