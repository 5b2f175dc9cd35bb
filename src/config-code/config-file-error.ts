import type { ItemPath } from './yaml-positions';

/** One thing wrong with a configuration file, where it is and how to fix it. */
export interface FileProblem {
  path: ItemPath;
  message: string;
  /** For a key that is not allowed: the key, so the position is the key's own. */
  unexpectedKey?: string;
}

/** Everything wrong with a configuration file, each line `file:line:column: path: message`. Nothing was changed. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly lines: string[],
  ) {
    super(`${file}: ${lines.length === 1 ? '1 problem' : `${lines.length} problems`}, nothing was changed:\n${lines.join('\n')}`);
    this.name = 'ConfigFileError';
  }
}
