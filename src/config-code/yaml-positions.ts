import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A place in a configuration file: a path into its data (`['syncs', 'nightly', 'mappings', 2, 'to']`). */
export type ItemPath = ReadonlyArray<string | number>;

/** `syncs.nightly.mappings[2].to`; a name that is not a plain word is quoted: `syncs["Daily → AC"].paused`. */
export function formatPath(path: ItemPath): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      if (/^[A-Za-z_][\w-]*$/.test(part)) return index === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

/** A parsed YAML file that can say on which line and column each value (or the nearest thing that is there) starts. */
export class YamlPositions {
  private readonly lines = new LineCounter();
  readonly document: Document;

  constructor(text: string) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** `line:column` of the value at `path`; a key the file lacks points at its parent, a key not allowed at the key itself. */
  position(path: ItemPath, unexpectedKey?: string): string {
    let node: unknown = this.document.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const part of unexpectedKey === undefined ? path : [...path, unexpectedKey]) {
      const pair = isMap(node) ? node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part)) : undefined;
      if (pair && isPair(pair)) {
        if (part === unexpectedKey) {
          offset = (pair.key as Node).range?.[0] ?? offset;
          break;
        }
        node = pair.value;
        offset = (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0] ?? offset;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lines.linePos(offset);
    return `${line}:${col}`;
  }

  /** Syntax errors, as `line:column` and message. */
  syntaxErrors(): Array<{ position: string; message: string }> {
    return this.document.errors.map((error) => {
      const { line, col } = this.lines.linePos(error.pos[0]);
      return { position: `${line}:${col}`, message: error.message.split('\n')[0] };
    });
  }
}
