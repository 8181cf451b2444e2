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
  var props = {
    fetcher: GraphiQL.createFetcher({ url: new URL(root.getAttribute('data-endpoint'), window.location.href).href }),
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: headers ? 'headers' : false,
    defaultQuery: [
      '# Flowgate API explorer: Ctrl-Enter runs, Ctrl-Space completes, the book icon opens the docs.',
      '# Send a bearer token and x-organization-id (an organization id or slug) in Headers below.',
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
