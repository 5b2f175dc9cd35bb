/** Tags (unique case-insensitively) and contact tags. */
import type { FakeApp } from '../app';
import { attributeError, errorBodies, noResult, statusError } from '../errors';
import { metaOf, pageOf, pagingOf } from '../paging';
import { idOf, isRecord, textOf } from '../body-values';
import type { Router } from '../router';
import { TEXT_OPERATORS } from '../text-operators';
import type { FakeState } from '../state/fake-state';
import type { ContactTagRecord, TagRecord } from '../state/records';

function tagJson(t: TagRecord, state: FakeState) {
  return {
    tagType: t.tagType,
    tag: t.tag,
    description: t.description,
    cdate: t.cdate,
    subscriber_count: String(state.tags.subscriberCount(t.id)),
    links: { contactGoalTags: `/api/3/tags/${t.id}/contactGoalTags` },
    id: t.id,
  };
}

function contactTagJson(l: ContactTagRecord) {
  return {
    contact: l.contact,
    tag: l.tag,
    cdate: l.cdate,
    created_timestamp: l.cdate,
    updated_timestamp: l.cdate,
    created_by: null,
    updated_by: null,
    links: { contact: `/api/3/contactTags/${l.id}/contact`, tag: `/api/3/contactTags/${l.id}/tag` },
    id: l.id,
  };
}

export function registerTagRoutes(router: Router, { state }: FakeApp): void {
  router.add('GET', '/tags', (req) => {
    let tags = state.tags.all();
    const search = req.query.get('search');
    if (search) tags = tags.filter((t) => t.tag.toLowerCase().includes(search.toLowerCase()));
    for (const [key, value] of req.query.entries()) {
      const m = /^filters\[search\]\[(\w+)\]$/.exec(key);
      if (!m) continue;
      const test = TEXT_OPERATORS[m[1]];
      if (!test) return { status: 400, body: errorBodies.badRequest };
      tags = tags.filter((t) => test(t.tag.toLowerCase(), value.toLowerCase()));
    }
    return { status: 200, body: { tags: pageOf(tags, pagingOf(req.query)).map((t) => tagJson(t, state)), meta: metaOf(tags.length) } };
  });

  router.add('GET', '/tags/:id', (req) => {
    const tag = state.tags.get(req.params.id);
    if (!tag) return { status: 404, body: noResult('Tag', req.params.id) };
    return { status: 200, body: { tag: tagJson(tag, state) } };
  });

  router.add('POST', '/tags', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.tag) ? req.body.tag : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('tag') };
    const name = textOf(input.tag)?.trim();
    if (!name) return { status: 422, body: errorBodies.missingAttribute('tag') };
    if (state.tags.findByName(name)) {
      // The real body is UNCONFIRMED; this is our guess in the common 422 shape.
      return { status: 422, body: attributeError(`A tag named "${name}" already exists.`, 'duplicate', 'tag') };
    }
    const tag = state.tags.create({ tag: name, tagType: textOf(input.tagType) || 'contact', description: textOf(input.description) });
    return { status: 201, body: { tag: tagJson(tag, state) } };
  });

  router.add('POST', '/contactTags', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.contactTag) ? req.body.contactTag : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('contactTag') };
    const contactId = idOf(input.contact);
    const tagId = idOf(input.tag);
    if (contactId === null) return { status: 422, body: errorBodies.missingAttribute('contact') };
    if (tagId === null) return { status: 422, body: errorBodies.missingAttribute('tag') };
    if (!state.contacts.get(contactId)) return { status: 404, body: errorBodies.contactNotFound };
    if (!state.tags.get(tagId)) return { status: 404, body: statusError(404, 'Not Found', 'Tag not found') };
    return { status: 201, body: { contactTag: contactTagJson(state.tags.link(contactId, tagId)) } };
  });

  router.add('DELETE', '/contactTags/:id', (req) => {
    if (!state.tags.unlink(req.params.id)) return { status: 404, body: noResult('ContactTag', req.params.id) };
    return { status: 200, body: {} };
  });
}
