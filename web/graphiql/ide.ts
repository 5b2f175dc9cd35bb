import { graphqlUrl, graphqlWebSocketUrl } from '../shared/graphql.js';
import { signIn } from '../shared/token.js';

/** The UMD bundles the page loads before this module (served by Ferry from its npm dependencies). */
declare const React: { createElement(type: unknown, props: Record<string, unknown>): unknown };
declare const ReactDOM: { createRoot(element: Element): { render(node: unknown): void } };
declare const GraphiQL: { createFetcher(options: Record<string, unknown>): unknown };
declare const graphqlWs: { createClient(options: Record<string, unknown>): unknown };

const defaultQuery = `# Ferry's GraphQL API. Ctrl+Enter runs the operation under the cursor.
# Subscriptions stream over the WebSocket, e.g.:
#   subscription { syncRunUpdated(runId: "…") { status progress rowsRead rowsRejected } }

{
  syncs {
    id
    name
    schedule { kind every cron }
    nextRunAt
    lastRun { id status progress }
  }
}
`;

async function start(): Promise<void> {
  const token = await signIn(document.getElementById('login')!, 'Ferry GraphQL IDE');
  const authorization = `Bearer ${token}`;
  const fetcher = GraphiQL.createFetcher({
    url: graphqlUrl,
    headers: { authorization },
    wsClient: graphqlWs.createClient({ url: graphqlWebSocketUrl, connectionParams: { authorization }, lazy: true }),
  });
  const root = document.getElementById('graphiql')!;
  root.hidden = false;
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }));
}

start().catch((error: Error) => {
  document.body.textContent = `The IDE could not start: ${error.message}`;
});
