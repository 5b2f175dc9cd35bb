import type { ServerResponse } from 'node:http';
import { pageHeaders } from './page-headers';
import { StaticAssets, type StaticAsset } from './static-asset';
import { packageFile } from './vendor-files';

const javascript = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';

function vendor(pkg: string, file: string, contentType: string): [string, StaticAsset] {
  const found = packageFile(pkg, file);
  const name = file.split('/').pop();
  return [`/graphiql/assets/${pkg}@${found.version}/${name}`, { file: found.file, contentType, immutable: true }];
}

/**
 * GraphiQL served from Ferry's own dependencies, so the IDE works with no network but Ferry: React 18's UMD
 * builds (React 19 ships none), GraphiQL's UMD bundle and stylesheet, and graphql-ws's browser client.
 */
export function graphiqlPage(): { assets: StaticAssets; page: (response: ServerResponse) => void } {
  const scripts = [
    vendor('react', 'umd/react.production.min.js', javascript),
    vendor('react-dom', 'umd/react-dom.production.min.js', javascript),
    vendor('graphql-ws', 'umd/graphql-ws.min.js', javascript),
    vendor('graphiql', 'graphiql.min.js', javascript),
  ];
  const stylesheet = vendor('graphiql', 'graphiql.min.css', css);
  const assets = new StaticAssets(new Map([...scripts, stylesheet]));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ferry GraphQL IDE</title>
<link rel="stylesheet" href="${stylesheet[0]}">
<link rel="stylesheet" href="/ui/shared/login.css">
<link rel="stylesheet" href="/ui/graphiql/ide.css">
${scripts.map(([path]) => `<script src="${path}" defer></script>`).join('\n')}
<script type="module" src="/ui/graphiql/ide.js"></script>
</head>
<body>
<main id="login" class="login" hidden></main>
<div id="graphiql" class="graphiql-root" hidden></div>
<noscript>The GraphQL IDE needs JavaScript. The API itself answers POST /graphql.</noscript>
</body>
</html>
`;
  return {
    assets,
    page: (response) => {
      response.writeHead(200, { ...pageHeaders, 'content-length': Buffer.byteLength(html) });
      response.end(html);
    },
  };
}
