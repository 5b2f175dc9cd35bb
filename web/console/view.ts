import type { Api } from './api.js';

/** A page of the console: draws into `main` and returns what stops its live updates when the user leaves. */
export type View = (main: HTMLElement, api: Api) => Promise<() => void>;

/** Shows an error where the page's content would be, in words. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
