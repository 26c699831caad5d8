/**
 * The GraphiQL page and its start script. No inline script, so the page can carry a strict Content-Security-Policy;
 * every file comes from this server (`/graphiql/assets/*`).
 */

export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // The GraphQL endpoint over HTTP and, for subscriptions, over WebSocket (same host).
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function graphiqlPage(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tsunagu GraphiQL</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
<link rel="stylesheet" href="/graphiql/assets/page.css">
</head>
<body data-graphql-path="${graphqlPath}">
<header class="tsunagu-key">
  <form id="key-form">
    <label for="api-key">API key</label>
    <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck="false"
      placeholder="tsu_… (npm start prints the demo keys)" aria-describedby="key-help">
    <button type="submit">Use key</button>
    <span id="key-status" role="status"></span>
  </form>
  <p id="key-help">Sent as <code>Authorization: Bearer &lt;key&gt;</code> on queries and mutations, and in
    <code>connection_init</code> for subscriptions. Kept in this tab only.</p>
</header>
<main id="graphiql"><noscript>GraphiQL needs JavaScript.</noscript></main>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script src="/graphiql/assets/start.js"></script>
</body>
</html>
`;
}

export const GRAPHIQL_PAGE_CSS = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
.tsunagu-key { padding: 8px 12px; border-bottom: 1px solid #d0d4da; background: #f6f7f9; }
.tsunagu-key form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.tsunagu-key input { flex: 1 1 24em; max-width: 40em; padding: 4px 6px; font: inherit; }
.tsunagu-key p { margin: 4px 0 0; font-size: 0.85em; color: #3b4350; }
#key-status { font-size: 0.85em; color: #1b5e20; }
#graphiql { flex: 1; min-height: 0; }
`;

const DEFAULT_QUERY = `# Tsunagu GraphQL API. Put an agency's API key in the field above, then run (Ctrl-Enter).
# Examples for every operation: docs/examples/ in the repository.

query Inbox {
  referrals(first: 5, filter: { box: INBOX }) {
    totalCount
    edges {
      node {
        id
        status
        urgency
        fromAgency { name }
      }
    }
  }
}
`;

/** Runs in the browser: the key field, the fetcher (HTTP and graphql-ws) and GraphiQL itself. */
export const GRAPHIQL_START_SCRIPT = `'use strict';
(function () {
  var STORAGE = 'tsunagu.graphiql.apiKey';
  var path = document.body.getAttribute('data-graphql-path') || '/graphql';
  var httpUrl = new URL(path, location.href).toString();
  var wsUrl = httpUrl.replace(/^http/, 'ws');
  var input = document.getElementById('api-key');
  var status = document.getElementById('key-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var generation = 0;
  var params = new URLSearchParams(location.search);
  try { input.value = sessionStorage.getItem(STORAGE) || ''; } catch (e) { /* storage off */ }

  function render() {
    var key = input.value.trim();
    var auth = key ? { authorization: 'Bearer ' + key } : {};
    var fetcher = GraphiQL.createFetcher({ url: httpUrl, subscriptionUrl: wsUrl, headers: auth, wsConnectionParams: auth });
    generation += 1;
    // A new key remounts the IDE, so the schema is fetched again with it.
    // A link may carry the operation to open: /graphiql?query=…&variables=…&operationName=…
    var props = { key: generation, fetcher: fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, shouldPersistHeaders: false };
    if (params.has('query')) props.query = params.get('query');
    if (params.has('variables')) props.variables = params.get('variables');
    if (params.has('operationName')) props.operationName = params.get('operationName');
    root.render(React.createElement(GraphiQL, props));
    status.textContent = key ? 'Key in use.' : 'No key: requests are unauthenticated.';
  }

  document.getElementById('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    try { sessionStorage.setItem(STORAGE, input.value.trim()); } catch (e) { /* storage off */ }
    render();
  });
  render();
})();
`;
