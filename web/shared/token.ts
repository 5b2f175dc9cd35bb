import { graphql, UnauthenticatedError } from './graphql.js';

/**
 * The API token, kept in this tab's session storage only (never in a URL): gone when the tab closes.
 */
const storageKey = 'ferry.apiToken';

export function storedToken(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function forgetToken(): void {
  sessionStorage.removeItem(storageKey);
}

/** True when Ferry accepts the token. */
export async function tokenIsAccepted(token: string): Promise<boolean> {
  try {
    await graphql(token, '{ __typename }');
    return true;
  } catch (error) {
    if (error instanceof UnauthenticatedError) return false;
    throw error;
  }
}

/**
 * Shows the login form in `container` and resolves with a token Ferry accepts. `notice` explains why the form is
 * shown again (a token that was refused or expired).
 */
export function askForToken(container: HTMLElement, title: string, notice?: string): Promise<string> {
  container.hidden = false;
  container.replaceChildren();
  const form = document.createElement('form');
  form.className = 'login-form';
  form.setAttribute('aria-labelledby', 'login-title');
  form.innerHTML = `
    <h1 id="login-title"></h1>
    <p class="login-notice" role="alert"></p>
    <label for="token">API token</label>
    <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required
      aria-describedby="token-help">
    <p id="token-help" class="help">Make one with <code>npm run --silent ferry -- token create --name me</code>.
      It stays in this browser tab only.</p>
    <button type="submit">Sign in</button>`;
  form.querySelector('h1')!.textContent = title;
  const noticeElement = form.querySelector<HTMLParagraphElement>('.login-notice')!;
  const showNotice = (text: string | undefined) => {
    noticeElement.textContent = text ?? '';
    noticeElement.hidden = !text;
  };
  showNotice(notice);
  container.append(form);
  const input = form.querySelector<HTMLInputElement>('#token')!;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      const button = form.querySelector('button')!;
      button.disabled = true;
      try {
        if (await tokenIsAccepted(token)) {
          sessionStorage.setItem(storageKey, token);
          container.hidden = true;
          container.replaceChildren();
          resolve(token);
          return;
        }
        showNotice('Ferry refused this token: check it, or make a new one.');
        input.select();
      } catch (error) {
        showNotice(`Ferry could not be reached: ${(error as Error).message}`);
      } finally {
        button.disabled = false;
      }
    });
  });
}

/** A token Ferry accepts: the stored one when it still is, otherwise one asked for. */
export async function signIn(container: HTMLElement, title: string): Promise<string> {
  const stored = storedToken();
  if (stored && (await tokenIsAccepted(stored))) return stored;
  if (stored) forgetToken();
  return askForToken(container, title, stored ? 'Your token is no longer accepted: sign in again.' : undefined);
}
