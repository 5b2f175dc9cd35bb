import { h } from '../shared/dom.js';
import { askForToken, forgetToken, signIn } from '../shared/token.js';
import { Api } from './api.js';
import { runPage } from './run-page.js';
import { syncList } from './sync-list.js';
import { syncPage } from './sync-page.js';
import { errorMessage, type View } from './view.js';

/** The run console: a hash-routed page on Ferry's public GraphQL API (#/, #/syncs/<id>, #/runs/<id>). */
const login = document.getElementById('login')!;
const content = document.getElementById('content')!;
const header = document.querySelector<HTMLElement>('header.top')!;
const title = 'Ferry run console';

let api: Api | null = null;
let leaveView: () => void = () => undefined;

function route(hash: string): View {
  const sync = /^#\/syncs\/([^/]+)$/.exec(hash);
  if (sync) return syncPage(decodeURIComponent(sync[1]));
  const run = /^#\/runs\/([^/]+)$/.exec(hash);
  if (run) return runPage(decodeURIComponent(run[1]));
  return syncList;
}

async function render(): Promise<void> {
  if (!api) return;
  leaveView();
  leaveView = () => undefined;
  const current = api;
  try {
    const leave = await route(location.hash)(content, current);
    if (api === current) leaveView = leave;
    else leave();
  } catch (error) {
    if (api === current) content.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, errorMessage(error)));
  }
}

function showConsole(token: string): void {
  api = new Api(token, () => void signOut('Ferry no longer accepts your token (revoked or expired): sign in again.'));
  login.hidden = true;
  header.hidden = false;
  content.hidden = false;
  void render().then(() => content.focus());
}

async function signOut(notice?: string): Promise<void> {
  leaveView();
  leaveView = () => undefined;
  api?.close();
  api = null;
  forgetToken();
  header.hidden = true;
  content.hidden = true;
  content.replaceChildren();
  showConsole(await askForToken(login, title, notice));
}

document.getElementById('logout')!.addEventListener('click', () => void signOut());
window.addEventListener('hashchange', () => {
  void render().then(() => content.focus());
});
signIn(login, title).then(showConsole, (error: Error) => {
  login.hidden = false;
  login.textContent = `Ferry could not be reached: ${error.message}`;
});
