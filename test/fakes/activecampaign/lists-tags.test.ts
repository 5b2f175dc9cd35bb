import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: lists, memberships, exclusions and tags', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });

  test('GET /lists returns seeded lists with their string ids; filters[name] matches by name', async () => {
    ac.state.addList({ name: 'Email Subscription', stringid: 'email-subscription' });
    ac.state.addList({ name: 'Partners', stringid: 'partners', id: 7 });
    const all = await api.get('/lists');
    assert.deepEqual(
      all.body.lists.map((l: { id: string; stringid: string; name: string }) => [l.id, l.stringid, l.name]),
      [
        ['1', 'email-subscription', 'Email Subscription'],
        ['7', 'partners', 'Partners'],
      ],
    );
    assert.equal(all.body.meta.total, '2');
    const byName = await api.get('/lists?filters[name]=partners');
    assert.deepEqual(
      byName.body.lists.map((l: { id: string }) => l.id),
      ['7'],
    );
    const contains = await api.get('/lists?filters[name][contains]=subscr');
    assert.deepEqual(
      contains.body.lists.map((l: { id: string }) => l.id),
      ['1'],
    );
    assert.equal((await api.get('/lists/7')).body.list.stringid, 'partners');
    assert.equal(ac.state.addList({ name: 'Next' }).id, '8', 'later ids stay above a seeded id');
  });

  test('POST /contactLists subscribes (1) and unsubscribes (2); status 1 re-subscribes, as the real API warns', async () => {
    const list = ac.state.addList({ name: 'Membership' });
    const contact = ac.state.addContact({ email: 'member@example.com' });
    const sub = await api.post('/contactLists', { contactList: { list: list.id, contact: contact.id, status: 1 } });
    assert.equal(sub.status, 200);
    assert.equal(sub.body.contacts[0].id, contact.id);
    assert.equal(sub.body.contactList.status, 1);
    await api.post('/contactLists', { contactList: { list: list.id, contact: contact.id, status: 2 } });
    assert.equal(ac.state.snapshotContact('member@example.com')!.lists[list.id], 2);
    await api.post('/contactLists', { contactList: { list: list.id, contact: contact.id, status: '1' } });
    assert.equal(ac.state.snapshotContact('member@example.com')!.lists[list.id], 1);
  });

  test('POST /contactLists with an unknown contact or list is 404; a bad status is 422', async () => {
    const list = ac.state.addList({ name: 'Errors' });
    const contact = ac.state.addContact({ email: 'errors@example.com' });
    const noContact = await api.post('/contactLists', { contactList: { list: list.id, contact: 9999, status: 1 } });
    assert.equal(noContact.status, 404);
    assert.deepEqual(noContact.body, { message: 'No Result found for Subscriber with id 9999' });
    const noList = await api.post('/contactLists', { contactList: { list: 'newsletter', contact: contact.id, status: 1 } });
    assert.equal(noList.status, 422, 'a string id is not a list id');
    const unknownList = await api.post('/contactLists', { contactList: { list: 9999, contact: contact.id, status: 1 } });
    assert.equal(unknownList.status, 404);
    assert.equal((await api.post('/contactLists', { contactList: { list: list.id, contact: contact.id, status: 3 } })).status, 422);
    assert.deepEqual(ac.state.snapshotContact('errors@example.com')!.lists, {});
  });

  test('GET /lists/exclusions lists the exclusion list with a numeric total', async () => {
    ac.state.addExclusion('no@example.com');
    ac.state.addExclusion('@blocked.example', 'contains');
    const reply = await api.get('/lists/exclusions');
    assert.deepEqual(
      reply.body.exclusions.map((e: { matchPhrase: string; matchType: string }) => [e.matchPhrase, e.matchType]),
      [
        ['no@example.com', 'exact'],
        ['@blocked.example', 'contains'],
      ],
    );
    assert.equal(reply.body.meta.total, 2);
    assert.ok(ac.state.isExcluded('NO@example.com'));
    assert.ok(ac.state.isExcluded('anyone@blocked.example'));
    assert.ok(!ac.state.isExcluded('yes@example.com'));
  });

  test('tags: POST creates, a case-insensitive duplicate is 422, GET ?search= finds by substring', async () => {
    const created = await api.post('/tags', { tag: { tag: 'VIP Customer', tagType: 'contact', description: '' } });
    assert.equal(created.status, 201);
    assert.equal(typeof created.body.tag.id, 'string');
    const duplicate = await api.post('/tags', { tag: { tag: 'vip customer', tagType: 'contact' } });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.errors[0].code, 'duplicate');
    assert.equal(ac.state.tags.size, 1);
    const search = await api.get('/tags?search=vip');
    assert.deepEqual(
      search.body.tags.map((t: { tag: string }) => t.tag),
      ['VIP Customer'],
    );
    const eq = await api.get('/tags?filters[search][eq]=vip%20customer');
    assert.equal(eq.body.meta.total, '1');
    const none = await api.get('/tags?search=nothing');
    assert.equal(none.body.meta.total, '0');
  });

  test('contact tags: POST links (re-linking returns the same link), DELETE takes the link id', async () => {
    const tag = ac.state.addTag('Linked');
    const contact = ac.state.addContact({ email: 'tagged@example.com' });
    const link = await api.post('/contactTags', { contactTag: { contact: contact.id, tag: Number(tag.id) } });
    assert.equal(link.status, 201);
    assert.equal(link.body.contactTag.tag, tag.id);
    const again = await api.post('/contactTags', { contactTag: { contact: contact.id, tag: tag.id } });
    assert.equal(again.body.contactTag.id, link.body.contactTag.id);
    assert.deepEqual(ac.state.snapshotContact('tagged@example.com')!.tags, ['Linked']);
    assert.equal((await api.delete(`/contactTags/${link.body.contactTag.id}`)).status, 200);
    assert.deepEqual(ac.state.snapshotContact('tagged@example.com')!.tags, []);
    assert.equal((await api.delete(`/contactTags/${link.body.contactTag.id}`)).status, 404);
  });

  test('contact tags: unknown contact is 404 "Contact not found"; a missing attribute is 422', async () => {
    const tag = ac.state.addTag('Err');
    const unknown = await api.post('/contactTags', { contactTag: { contact: 9999, tag: tag.id } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { errors: [{ status: 404, title: 'Not Found', detail: 'Contact not found' }] });
    const missing = await api.post('/contactTags', { contactTag: { tag: tag.id } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body, { errors: [{ status: 422, title: 'Missing attribute', source: { pointer: '/data/attributes/contact' } }] });
  });
});
