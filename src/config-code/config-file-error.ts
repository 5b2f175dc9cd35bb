import type { ItemPath } from './yaml-positions';

/** One thing wrong with a configuration file, where it is and how to fix it. */
export interface FileProblem {
  path: ItemPath;
  message: string;
  /** For a key that is not allowed: the key, so the position is the key's own. */
  unexpectedKey?: string;
}

/** `line` and `column` of a `file:line:column: …` message, to list problems in the file's order. */
function place(line: string, file: string): [number, number] {
  const match = /^(\d+):(\d+):/.exec(line.slice(file.length + 1));
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/** Everything wrong with a configuration file, each line `file:line:column: path: message`, in the file's order. Nothing was changed. */
export class ConfigFileError extends Error {
  readonly lines: string[];

  constructor(
    readonly file: string,
    lines: string[],
  ) {
    lines = [...lines].sort((a, b) => {
      const [la, ca] = place(a, file);
      const [lb, cb] = place(b, file);
      return la - lb || ca - cb;
    });
    super(`${file}: ${lines.length === 1 ? '1 problem' : `${lines.length} problems`}, nothing was changed:\n${lines.join('\n')}`);
    this.lines = lines;
    this.name = 'ConfigFileError';
  }
}
