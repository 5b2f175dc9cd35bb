/** Ascending numeric ids rendered as strings, one sequence per entity. */
export class IdSequence {
  private last = 0;

  next(): string {
    this.last += 1;
    return String(this.last);
  }

  /** Keeps later ids above an id chosen by a seed. */
  observe(id: string): void {
    const n = Number(id);
    if (Number.isInteger(n) && n > this.last) this.last = n;
  }
}
