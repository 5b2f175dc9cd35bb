/** Timestamps in the account's UTC offset, as ActiveCampaign writes them (`2020-08-01T10:54:59-05:00`). */

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

export function parseUtcOffset(offset: string): number {
  if (offset === 'Z') return 0;
  const match = OFFSET.exec(offset);
  if (!match) throw new RangeError(`accountUtcOffset "${offset}" must look like -05:00`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export class Clock {
  readonly offsetMinutes: number;

  constructor(utcOffset: string) {
    this.offsetMinutes = parseUtcOffset(utcOffset);
  }

  private cachedSecond = -1;
  private cachedText = '';

  /** `date` written in the account offset, seconds precision. Records made in the same second share one string. */
  format(date: Date = new Date()): string {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== this.cachedSecond) {
      this.cachedText = this.render(date);
      this.cachedSecond = second;
    }
    return this.cachedText;
  }

  private render(date: Date): string {
    const shifted = new Date(date.getTime() + this.offsetMinutes * 60_000);
    const sign = this.offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(this.offsetMinutes);
    return (
      `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
      `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}` +
      `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
    );
  }

  /** Calendar day in the account offset, `YYYY-MM-DD`. */
  day(date: Date = new Date()): string {
    return this.format(date).slice(0, 10);
  }
}
