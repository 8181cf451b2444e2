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
  var handedOut = {};
  var current = headers ? JSON.parse(headers).authorization : undefined;
  if (current) handedOut[current] = true;
  // A prefilled token still in use is swapped for the freshest one, in any tab, so a page left open
  // keeps working after the token it was handed has expired; a token the user typed is left alone.
  function withFreshToken(headers) {
    if (!headers || !handedOut[headers.authorization] || headers.authorization === current) return headers;
    return Object.assign({}, headers, { authorization: current });
  }
  var props = {
    fetcher: function (params, options) {
      var fresh = withFreshToken(options && options.headers);
      return fetcherFor(fresh)(params, Object.assign({}, options, { headers: fresh }));
    },
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

  // The prefilled bearer token is renewed from this origin when 80% of its lifetime has passed
  // (the server answers only a browser on this machine), and replaced in the editors showing it.
  var refreshUrl = root.getAttribute('data-refresh');
  function lifetime(authorization) {
    try {
      var claims = JSON.parse(atob(authorization.split(' ')[1].split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims : undefined;
    } catch (error) {
      return undefined;
    }
  }
  function showInEditors(previous, next) {
    document.querySelectorAll('.CodeMirror').forEach(function (element) {
      var editor = element.CodeMirror;
      if (editor && editor.getValue().indexOf(previous) !== -1) editor.setValue(editor.getValue().split(previous).join(next));
    });
  }
  var renewAt = 0;
  function schedule(delay) {
    renewAt = Date.now() + delay;
    setTimeout(renewIfDue, delay);
  }
  function scheduleFor(authorization) {
    var claims = lifetime(authorization);
    if (claims) schedule(Math.max(1000, (claims.iat + 0.8 * (claims.exp - claims.iat)) * 1000 - Date.now()));
  }
  function renewIfDue() {
    if (Date.now() < renewAt) return;
    renewAt = Infinity;
    fetch(refreshUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (body) {
        var next = body.headers && body.headers.authorization;
        if (!next) return;
        showInEditors(current, next);
        handedOut[next] = true;
        current = next;
        scheduleFor(next);
      })
      .catch(function () { schedule(30000); });
  }
  if (refreshUrl && current) {
    scheduleFor(current);
    // Timers stall while a laptop sleeps; a page shown again renews at once if it is due.
    document.addEventListener('visibilitychange', function () { if (!document.hidden) renewIfDue(); });
  }
})();
`;

export const EXPLORER_STYLES = `html, body, #graphiql { height: 100%; margin: 0; }
`;
