import type { ServerResponse } from 'node:http';
import { pageHeaders } from './page-headers';

const consoleHtml = (ideLink: boolean) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ferry</title>
<link rel="stylesheet" href="/ui/shared/login.css">
<link rel="stylesheet" href="/ui/console/console.css">
<script src="/ui/vendor/graphql-ws.js" defer></script>
<script type="module" src="/ui/console/main.js"></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="top" hidden>
  <a class="brand" href="#/">Ferry</a>
  <nav aria-label="Main"><a href="#/">Syncs</a>${ideLink ? ' <a href="/graphql">GraphQL IDE</a>' : ''}</nav>
  <button type="button" id="logout" class="secondary">Forget token</button>
</header>
<main id="login" class="login" hidden></main>
<main id="content" tabindex="-1" hidden></main>
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<noscript>The run console needs JavaScript. The API itself answers POST /graphql.</noscript>
</body>
</html>
`;

/** The run console: a static page; everything it shows comes from the public GraphQL API. */
export function sendConsolePage(response: ServerResponse, ideLink: boolean): void {
  const html = consoleHtml(ideLink);
  response.writeHead(200, { ...pageHeaders, 'content-length': Buffer.byteLength(html) });
  response.end(html);
}
