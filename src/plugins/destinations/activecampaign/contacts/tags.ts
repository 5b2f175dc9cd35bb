import type { PluginContext } from '../../../contract';
import { ActiveCampaignHttpError } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { pagesOf } from '../pages';
import { oncePerRun } from '../session-cache';

interface TagJson {
  id: string;
  tag?: string;
}

/**
 * Tag name → id for the single-contact path (the bulk importer takes names). Tags are unique ignoring case,
 * so a name is searched first and created only when missing; a name another run created meanwhile (422) is
 * searched again. Each name is resolved once per run.
 */
export class TagDirectory {
  private readonly ids = new Map<string, Promise<string>>();

  constructor(
    private readonly config: ActiveCampaignConfig,
    private readonly ctx: PluginContext,
  ) {}

  resolve(name: string): Promise<string> {
    const key = name.trim().toLowerCase();
    let id = this.ids.get(key);
    if (!id) {
      id = this.findOrCreate(name.trim());
      this.ids.set(key, id);
      id.catch(() => this.ids.delete(key));
    }
    return id;
  }

  private async find(name: string): Promise<string | undefined> {
    const wanted = name.toLowerCase();
    for await (const page of pagesOf<TagJson>(this.config, this.ctx, '/tags', 'tags', { search: name })) {
      const match = page.find((t) => t.tag?.trim().toLowerCase() === wanted);
      if (match) return String(match.id);
    }
    return undefined;
  }

  private async findOrCreate(name: string): Promise<string> {
    const found = await this.find(name);
    if (found) return found;
    try {
      const { body } = await apiRequest<{ tag: TagJson }>(this.config, this.ctx, {
        method: 'POST',
        path: '/tags',
        body: { tag: { tag: name, tagType: 'contact' } },
      });
      return String(body.tag.id);
    } catch (error) {
      if (!(error instanceof ActiveCampaignHttpError && error.status === 422)) throw error;
      const raced = await this.find(name);
      if (raced) return raced;
      throw error;
    }
  }
}

export function tagDirectory(config: ActiveCampaignConfig, ctx: PluginContext): Promise<TagDirectory> {
  return oncePerRun(ctx, 'tags', async () => new TagDirectory(config, ctx));
}
