/** Lists, list membership (`/contactLists`) and the exclusion list. */
import type { FakeApp } from '../app';
import { attributeError, errorBodies, noResult } from '../errors';
import { metaOf, pageOf, pagingOf } from '../paging';
import { idOf, isRecord, textOf } from '../body-values';
import type { Router } from '../router';
import { TEXT_OPERATORS } from '../text-operators';
import type { ExclusionRecord, ListRecord } from '../state/records';
import { contactJson, contactListJson } from './contact-json';

function listJson(l: ListRecord) {
  return {
    stringid: l.stringid,
    userid: '1',
    name: l.name,
    cdate: l.cdate,
    udate: l.udate,
    p_use_tracking: '1',
    p_use_analytics_read: '0',
    p_use_analytics_link: '0',
    p_use_twitter: '0',
    p_use_facebook: '0',
    p_embed_image: '1',
    p_use_captcha: '1',
    send_last_broadcast: '0',
    private: '0',
    analytics_domains: null,
    analytics_source: '',
    analytics_ua: '',
    twitter_token: '',
    twitter_token_secret: '',
    facebook_session: null,
    carboncopy: null,
    subscription_notify: null,
    unsubscription_notify: null,
    require_name: '0',
    get_unsubscribe_reason: '0',
    to_name: 'Subscriber',
    optinoptout: '1',
    sender_name: '',
    sender_addr1: '',
    sender_city: '',
    sender_zip: '',
    sender_country: '',
    sender_phone: '',
    sender_url: l.senderUrl,
    sender_reminder: l.senderReminder,
    fulladdress: '',
    optinmessageid: '0',
    optoutconf: '0',
    deletestamp: null,
    links: { contactGoalLists: `/api/3/lists/${l.id}/contactGoalLists`, user: `/api/3/lists/${l.id}/user` },
    id: l.id,
    user: '1',
  };
}

function exclusionJson(e: ExclusionRecord) {
  return { matchPhrase: e.matchPhrase, matchType: e.matchType, channel: e.channel, cdate: e.cdate, lists: e.lists, id: e.id };
}

export function registerListRoutes(router: Router, { state }: FakeApp): void {
  const exclusions = (req: { query: URLSearchParams }) => {
    const all = state.exclusions.all();
    return { status: 200, body: { exclusions: pageOf(all, pagingOf(req.query)).map(exclusionJson), meta: { total: all.length } } };
  };
  router.add('GET', '/lists/exclusions', exclusions);
  router.add('GET', '/exclusions', exclusions);

  router.add('GET', '/lists', (req) => {
    let lists = state.lists.all();
    for (const [key, value] of req.query.entries()) {
      const m = /^filters\[name\](?:\[(\w+)\])?$/.exec(key);
      if (!m) continue;
      const test = TEXT_OPERATORS[m[1] ?? 'eq'];
      if (!test) return { status: 400, body: errorBodies.badRequest };
      lists = lists.filter((l) => test(l.name.toLowerCase(), value.toLowerCase()));
    }
    return { status: 200, body: { lists: pageOf(lists, pagingOf(req.query)).map(listJson), meta: metaOf(lists.length) } };
  });

  router.add('GET', '/lists/:id', (req) => {
    const list = state.lists.get(req.params.id);
    if (!list) return { status: 404, body: noResult('List', req.params.id) };
    return { status: 200, body: { list: listJson(list) } };
  });

  router.add('POST', '/lists', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.list) ? req.body.list : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('list') };
    const name = textOf(input.name)?.trim();
    if (!name) return { status: 422, body: attributeError('The list name was not provided.', 'field_missing', 'name') };
    const stringid = textOf(input.stringid) || undefined;
    if (stringid && state.lists.findByStringId(stringid)) {
      return { status: 422, body: attributeError('A list with this string id already exists.', 'duplicate', 'stringid') };
    }
    const list = state.lists.create({ name, stringid, senderUrl: textOf(input.sender_url), senderReminder: textOf(input.sender_reminder) });
    return { status: 201, body: { list: listJson(list) } };
  });

  router.add('POST', '/contactLists', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.contactList) ? req.body.contactList : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('contactList') };
    const contactId = idOf(input.contact);
    const listId = idOf(input.list);
    if (contactId === null) return { status: 422, body: errorBodies.missingAttribute('contact') };
    if (listId === null) return { status: 422, body: errorBodies.missingAttribute('list') };
    const contact = state.contacts.get(contactId);
    if (!contact) return { status: 404, body: noResult('Subscriber', contactId) };
    if (!state.lists.get(listId)) return { status: 404, body: noResult('List', listId) };
    const status = idOf(input.status);
    if (status !== '1' && status !== '2') {
      return { status: 422, body: attributeError('The status must be 1 (subscribe) or 2 (unsubscribe).', 'field_invalid', 'status') };
    }
    const membership = state.lists.setStatus(contact.id, listId, status === '1' ? 1 : 2);
    return { status: 200, body: { contacts: [contactJson(contact, state)], contactList: contactListJson(membership) } };
  });
}
