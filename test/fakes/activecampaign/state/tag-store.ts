import type { Clock } from './clock';
import { IdSequence } from './id-sequence';
import type { ContactTagRecord, TagRecord } from './records';

/** Tags (names unique case-insensitively) and contact ↔ tag links. */
export class TagStore {
  private readonly tags = new Map<string, TagRecord>();
  private readonly byName = new Map<string, string>();
  private readonly links = new Map<string, ContactTagRecord>();
  /** contact id → its links (a short array). */
  private readonly byContact = new Map<string, ContactTagRecord[]>();
  private readonly countByTag = new Map<string, number>();
  private readonly tagIds = new IdSequence();
  private readonly linkIds = new IdSequence();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.tags.size;
  }

  get linkCount(): number {
    return this.links.size;
  }

  get(id: string): TagRecord | undefined {
    return this.tags.get(id);
  }

  findByName(name: string): TagRecord | undefined {
    const id = this.byName.get(name.trim().toLowerCase());
    return id === undefined ? undefined : this.tags.get(id);
  }

  all(): TagRecord[] {
    return [...this.tags.values()];
  }

  create(input: { tag: string; tagType?: string; description?: string }): TagRecord {
    const tag: TagRecord = {
      id: this.tagIds.next(),
      tag: input.tag,
      tagType: input.tagType ?? 'contact',
      description: input.description ?? '',
      cdate: this.clock.format(),
    };
    this.tags.set(tag.id, tag);
    this.byName.set(tag.tag.trim().toLowerCase(), tag.id);
    return tag;
  }

  getLink(id: string): ContactTagRecord | undefined {
    return this.links.get(id);
  }

  findLink(contactId: string, tagId: string): ContactTagRecord | undefined {
    return this.byContact.get(contactId)?.find((l) => l.tag === tagId);
  }

  linksOf(contactId: string): ContactTagRecord[] {
    return [...(this.byContact.get(contactId) ?? [])];
  }

  subscriberCount(tagId: string): number {
    return this.countByTag.get(tagId) ?? 0;
  }

  /** Links the tag; an existing link is returned as is. */
  link(contactId: string, tagId: string): ContactTagRecord {
    const existing = this.findLink(contactId, tagId);
    if (existing) return existing;
    const link: ContactTagRecord = { id: this.linkIds.next(), contact: contactId, tag: tagId, cdate: this.clock.format() };
    this.links.set(link.id, link);
    const perContact = this.byContact.get(contactId);
    if (perContact) perContact.push(link);
    else this.byContact.set(contactId, [link]);
    this.countByTag.set(tagId, this.subscriberCount(tagId) + 1);
    return link;
  }

  unlink(linkId: string): boolean {
    const link = this.links.get(linkId);
    if (!link) return false;
    this.links.delete(linkId);
    const perContact = this.byContact.get(link.contact) ?? [];
    perContact.splice(perContact.indexOf(link), 1);
    this.countByTag.set(link.tag, this.subscriberCount(link.tag) - 1);
    return true;
  }

  deleteLinksOf(contactId: string): void {
    for (const link of [...(this.byContact.get(contactId) ?? [])]) this.unlink(link.id);
    this.byContact.delete(contactId);
  }
}
