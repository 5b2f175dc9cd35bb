import type { EmptyWrite } from './records';

/** Every contact attribute that was written as "" or null, so tests can assert that nothing was wiped by accident. */
export class EmptyWriteLog {
  readonly entries: EmptyWrite[] = [];

  record(entry: Omit<EmptyWrite, 'time'>): void {
    this.entries.push({ ...entry, time: Date.now() });
  }

  /** Only the writes that wiped a non-empty value. */
  get overwrites(): EmptyWrite[] {
    return this.entries.filter((e) => e.previous !== '');
  }
}
