/** Contacts: `/contact/sync` (upsert on email), `/contacts` CRUD and listing, and a contact's sub-collections. */
import type { FakeApp } from '../app';
import type { ResolvedOptions } from '../options';
import { attributeError, errorBodies, noResult } from '../errors';
import { metaOf, pageOf, pagingOf, type Paging } from '../paging';
import { isRecord, textOf } from '../body-values';
import { isValidEmail } from '../email-format';
import { isReply, type RouteReply, type RouteRequest, type Router } from '../router';
import type { ContactChanges } from '../state/contact-store';
import type { FakeState } from '../state/fake-state';
import type { ContactRecord, EmptyWrite, FieldRecord } from '../state/records';
import { contactJson, contactListJson, fieldValueJson } from './contact-json';

interface ContactWrite {
  email: string;
  changes: ContactChanges;
  fieldValues: { field: FieldRecord; value: string }[];
}

/** Validates a `{"contact":{…}}` body; only the keys present become changes. */
function parseContactBody(body: unknown, state: FakeState, requireEmail: boolean): ContactWrite | RouteReply {
  const input = isRecord(body) && isRecord(body.contact) ? body.contact : null;
  if (!input) return { status: 422, body: errorBodies.missingAttribute('contact') };
  const changes: ContactChanges = {};
  for (const key of ['firstName', 'lastName', 'phone'] as const) {
    if (!(key in input)) continue;
    const value = textOf(input[key]);
    if (value === undefined) return { status: 422, body: attributeError(`The ${key} must be a string.`, 'field_invalid', key) };
    changes[key] = value;
  }
  let email = '';
  if (requireEmail || 'email' in input) {
    if (!isValidEmail(input.email)) return { status: 422, body: errorBodies.emailInvalid };
    email = input.email.trim().toLowerCase();
    changes.email = email;
  }
  const fieldValues: ContactWrite['fieldValues'] = [];
  if (input.fieldValues !== undefined) {
    if (!Array.isArray(input.fieldValues)) {
      return { status: 422, body: attributeError('fieldValues must be an array of {field, value}.', 'field_invalid', 'fieldValues') };
    }
    for (const [index, entry] of input.fieldValues.entries()) {
      const resolved = isRecord(entry) ? state.fields.resolve(entry.field, entry.value) : null;
      if (resolved === null) {
        return { status: 422, body: attributeError(`fieldValues[${index}] must be {field, value}.`, 'field_invalid', 'fieldValues') };
      }
      if (!resolved.ok) return { status: 422, body: attributeError(resolved.reason, resolved.code, `fieldValues/${index}`) };
      fieldValues.push({ field: resolved.field, value: resolved.value });
    }
  }
  return { email, changes, fieldValues };
}

/** The refusal of a write naming an email on the exclusion list; null when the email is not excluded. */
function excludedReply(state: FakeState, write: ContactWrite, onSync: ResolvedOptions['excludedOnSync'] | null): RouteReply | null {
  if (!write.email || !state.isExcluded(write.email)) return null;
  // `skip` is our guess at a silent skip: a 2xx whose body names no contact.
  return onSync === 'skip' ? { status: 200, body: {} } : { status: 422, body: errorBodies.emailExcluded };
}

function applyWrite(state: FakeState, contact: ContactRecord, write: ContactWrite, via: EmptyWrite['via']) {
  state.contacts.update(contact, write.changes, via);
  return write.fieldValues.map(({ field, value }) => state.fields.setValue(contact, field.id, value, via));
}

function contactReply(state: FakeState, status: number, contact: ContactRecord, written: ReturnType<typeof applyWrite>): RouteReply {
  return { status, body: { fieldValues: written.map(fieldValueJson), contact: contactJson(contact, state) } };
}

function notFound(id: string): RouteReply {
  return { status: 404, body: noResult('Subscriber', id) };
}

function listContacts(state: FakeState, query: URLSearchParams, paging: Paging): { contacts: ContactRecord[]; total: number } {
  const email = query.get('email');
  if (email !== null) {
    const contact = state.contacts.findByEmail(email);
    return { contacts: contact && paging.offset === 0 ? [contact] : [], total: contact ? 1 : 0 };
  }
  const idGreater = query.get('id_greater');
  const idLess = query.get('id_less');
  const idOrder = query.get('orders[id]')?.toUpperCase();
  const otherFilters = ['email_like', 'ids', 'ids[]', 'listid', 'tagid', 'status', 'search'].some((k) => query.has(k));
  const otherOrders = [...query.keys()].some((k) => k.startsWith('orders[') && k !== 'orders[id]');
  if (!otherFilters && !otherOrders && idLess === null) {
    // Hot path: ascending id order with O(log n) seek.
    if (idOrder !== 'DESC') return state.contacts.pageAfter(Number(idGreater ?? 0) || 0, paging.offset, paging.limit);
    if (idGreater === null) return state.contacts.pageBefore(Number.MAX_SAFE_INTEGER, paging.offset, paging.limit);
  }
  let contacts = [...state.contacts.values()];
  const ids = query.getAll('ids[]').concat(query.get('ids')?.split(',') ?? []);
  if (ids.length > 0) {
    const set = new Set(ids.map((id) => id.trim()));
    contacts = contacts.filter((c) => set.has(c.id));
  }
  if (idGreater !== null) contacts = contacts.filter((c) => Number(c.id) > Number(idGreater));
  if (idLess !== null) contacts = contacts.filter((c) => Number(c.id) < Number(idLess));
  const like = query.get('email_like')?.toLowerCase();
  if (like) contacts = contacts.filter((c) => c.email.includes(like));
  const search = query.get('search')?.toLowerCase();
  if (search) contacts = contacts.filter((c) => [c.email, c.firstName, c.lastName, c.phone].some((v) => v.toLowerCase().includes(search)));
  const listid = query.get('listid');
  const status = query.get('status');
  if (listid !== null) {
    contacts = contacts.filter((c) => {
      const m = state.lists.membership(c.id, listid);
      return m !== undefined && (status === null || status === '-1' || String(m.status) === status);
    });
  }
  const tagid = query.get('tagid');
  if (tagid !== null) contacts = contacts.filter((c) => state.tags.findLink(c.id, tagid) !== undefined);
  for (const [key, direction] of query.entries()) {
    const m = /^orders\[(\w+)\]$/.exec(key);
    if (!m) continue;
    const sign = direction.toUpperCase() === 'DESC' ? -1 : 1;
    const attr = m[1];
    contacts.sort((a, b) => {
      if (attr === 'id') return sign * (Number(a.id) - Number(b.id));
      const x = String((a as unknown as Record<string, unknown>)[attr] ?? '');
      const y = String((b as unknown as Record<string, unknown>)[attr] ?? '');
      return sign * x.localeCompare(y);
    });
    break;
  }
  return { contacts: contacts.slice(paging.offset, paging.offset + paging.limit), total: contacts.length };
}

export function registerContactRoutes(router: Router, { state, options }: FakeApp): void {
  const contactOr404 = (req: RouteRequest): ContactRecord | RouteReply => state.contacts.get(req.params.id) ?? notFound(req.params.id);

  router.add('POST', '/contact/sync', (req) => {
    const write = parseContactBody(req.body, state, true);
    if (isReply(write)) return write;
    const excluded = excludedReply(state, write, options.excludedOnSync);
    if (excluded) return excluded;
    const contact = state.contacts.findByEmail(write.email) ?? state.contacts.create(write.email, 'contact/sync');
    return contactReply(state, 201, contact, applyWrite(state, contact, write, 'contact/sync'));
  });

  router.add('POST', '/contacts', (req) => {
    const write = parseContactBody(req.body, state, true);
    if (isReply(write)) return write;
    const excluded = excludedReply(state, write, null);
    if (excluded) return excluded;
    if (state.contacts.findByEmail(write.email)) return { status: 422, body: errorBodies.duplicateEmail };
    const contact = state.contacts.create(write.email, 'contacts');
    return contactReply(state, 201, contact, applyWrite(state, contact, write, 'contacts'));
  });

  router.add('GET', '/contacts', (req) => {
    const paging = pagingOf(req.query);
    const { contacts, total } = listContacts(state, req.query, paging);
    return {
      status: 200,
      body: {
        scoreValues: [],
        contacts: contacts.map((c) => contactJson(c, state)),
        meta: { ...metaOf(total), page_input: { limit: paging.limit, offset: paging.offset, search: req.query.get('search') } },
      },
    };
  });

  router.add('GET', '/contacts/:id', (req) => {
    const contact = contactOr404(req);
    if ('status' in contact) return contact;
    const link = state.accounts.linkOfContact(contact.id);
    return {
      status: 200,
      body: {
        contactAutomations: [],
        contactData: [],
        contactGoals: [],
        contactLists: state.lists.membershipsOf(contact.id).map(contactListJson),
        deals: [],
        fieldValues: state.fields.valuesOf(contact.id).map(fieldValueJson),
        geoAddresses: [],
        geoIps: [],
        accountContacts: link ? [link] : [],
        contact: contactJson(contact, state),
      },
    };
  });

  router.add('PUT', '/contacts/:id', (req) => {
    const contact = contactOr404(req);
    if ('status' in contact) return contact;
    const write = parseContactBody(req.body, state, false);
    if (isReply(write)) return write;
    const excluded = excludedReply(state, write, null);
    if (excluded) return excluded;
    const other = write.email ? state.contacts.findByEmail(write.email) : undefined;
    if (other && other.id !== contact.id) return { status: 422, body: errorBodies.duplicateEmail };
    return contactReply(state, 200, contact, applyWrite(state, contact, write, 'contacts'));
  });

  router.add('DELETE', '/contacts/:id', (req) => {
    if (!state.deleteContact(req.params.id)) return notFound(req.params.id);
    return { status: 200, body: {} };
  });

  router.add('GET', '/contacts/:id/fieldValues', (req) => {
    const contact = contactOr404(req);
    if ('status' in contact) return contact;
    const values = state.fields.valuesOf(contact.id);
    return { status: 200, body: { fieldValues: pageOf(values, pagingOf(req.query)).map(fieldValueJson), meta: metaOf(values.length) } };
  });

  router.add('GET', '/contacts/:id/contactLists', (req) => {
    const contact = contactOr404(req);
    if ('status' in contact) return contact;
    const memberships = state.lists.membershipsOf(contact.id);
    return { status: 200, body: { contactLists: pageOf(memberships, pagingOf(req.query)).map(contactListJson), meta: metaOf(memberships.length) } };
  });

  router.add('GET', '/contacts/:id/contactTags', (req) => {
    const contact = contactOr404(req);
    if ('status' in contact) return contact;
    const links = state.tags.linksOf(contact.id);
    return { status: 200, body: { contactTags: pageOf(links, pagingOf(req.query)).map((l) => ({ ...l, links: {} })), meta: metaOf(links.length) } };
  });
}
