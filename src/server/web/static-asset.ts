import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** A file Ferry serves to browsers: only files named in an allow-list are ever read. */
export interface StaticAsset {
  file: string;
  contentType: string;
  /** Vendor files sit under a versioned URL, so browsers may keep them; Ferry's own are revalidated. */
  immutable: boolean;
}

interface LoadedAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** Serves allow-listed files, read once and kept in memory (with their gzip form): a few MB in all. */
export class StaticAssets {
  private readonly loaded = new Map<string, Promise<LoadedAsset>>();

  constructor(private readonly assets: ReadonlyMap<string, StaticAsset>) {}

  has(path: string): boolean {
    return this.assets.has(path);
  }

  async serve(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const asset = this.assets.get(path);
    if (!asset) throw new Error(`${path} is not an allow-listed asset`);
    const loaded = await this.load(path, asset);
    const headers: Record<string, string | number> = {
      'content-type': asset.contentType,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: loaded.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
    };
    if (request.headers['if-none-match'] === loaded.etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = gzip ? loaded.gzipped : loaded.body;
    response.writeHead(200, { ...headers, 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  private load(path: string, asset: StaticAsset): Promise<LoadedAsset> {
    let loading = this.loaded.get(path);
    if (!loading) {
      loading = readFile(asset.file).then((body) => ({
        body,
        gzipped: gzipSync(body),
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      }));
      // A failed read (file missing: Ferry not built?) is retried on the next request rather than remembered.
      loading.catch(() => this.loaded.delete(path));
      this.loaded.set(path, loading);
    }
    return loading;
  }
}
