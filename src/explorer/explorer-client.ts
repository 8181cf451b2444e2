/**
 * The page's own script and style. Both are served as files (explorer.js, explorer.css) rather than
 * inlined, so the Content-Security-Policy needs no 'unsafe-inline' at all. The script's settings come
 * from data attributes on the mount point, which the server fills in and HTML-escapes.
 */
export const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var headers = root.getAttribute('data-headers') || '';
  var search = new URLSearchParams(window.location.search);
  var url = new URL(root.getAttribute('data-endpoint'), window.location.href).href;
  var fetchers = {};
  // Queries and mutations go over HTTP with the headers editor's headers; subscriptions over a
  // graphql-ws socket on the same origin, authenticated with those same headers in connection_init.
  // One socket (and fetcher) per distinct set of headers, so editing the token takes effect.
  function fetcherFor(headers) {
    var key = JSON.stringify(headers || {});
    if (!fetchers[key]) {
      fetchers[key] = GraphiQL.createFetcher({
        url: url,
        wsClient: graphqlWs.createClient({ url: url.replace(/^http/, 'ws'), connectionParams: headers || {}, lazy: true })
      });
    }
    return fetchers[key];
  }
  var props = {
    fetcher: function (params, options) { return fetcherFor(options && options.headers)(params, options); },
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: headers ? 'headers' : false,
    defaultQuery: [
      '# Flowgate API explorer: Ctrl-Enter runs, Ctrl-Space completes, the book icon opens the docs.',
      '# Send a bearer token and x-organization-id (an organization id or slug) in Headers below.',
      '# Live updates: run  subscription { executionUpdated { id status workflow { name } } }',
      '{',
      '  viewer { user { email } memberships { role organization { slug name } } }',
      '  organization { name plan }',
      '}',
      ''
    ].join('\\n')
  };
  if (headers) {
    props.headers = headers;
    props.defaultHeaders = headers;
  }
  if (search.get('query')) props.query = search.get('query');
  if (search.get('variables')) props.variables = search.get('variables');
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
`;

export const EXPLORER_STYLES = `html, body, #graphiql { height: 100%; margin: 0; }
`;
