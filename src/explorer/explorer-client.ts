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
  var http = GraphiQL.createFetcher({ url: url });
  var sockets = {};
  // Subscriptions go over a graphql-ws socket on the same origin, authenticated with the headers
  // editor's headers in connection_init: one socket per distinct set of headers, so an edited token
  // takes effect. Queries and mutations go over HTTP with those headers.
  function socketFor(headers) {
    var key = JSON.stringify(headers || {});
    sockets[key] = sockets[key] || graphqlWs.createClient({ url: url.replace(/^http/, 'ws'), connectionParams: headers || {}, lazy: true });
    return sockets[key];
  }
  function subscribe(client, params) {
    return {
      subscribe: function (sink) {
        var dispose = client.subscribe(params, {
          next: function (result) { sink.next(result); },
          complete: function () { sink.complete(); },
          error: function (error) {
            sink.error(error instanceof CloseEvent ? new Error(('Socket closed with ' + error.code + ' ' + error.reason).trim()) : error);
          }
        });
        return { unsubscribe: dispose };
      }
    };
  }
  // GraphiQL re-parses the editor 100 ms after each edit, so an operation run right after a paste
  // reaches the fetcher with the previous text's parsed document: the text itself decides here.
  // Comments, strings and nested selections are skipped; what is left at the top level names each
  // operation's kind (a bare { ... } is a query).
  function operationKind(query, operationName) {
    var text = query.replace(/"""[\\s\\S]*?"""|"(?:[^"\\\\\\n]|\\\\.)*"|#[^\\n]*/g, ' ');
    var tokens = text.match(/[{}()]|[_A-Za-z][_0-9A-Za-z]*/g) || [];
    var depth = 0;
    var operations = [];
    var pending = null;
    tokens.forEach(function (token) {
      if (token === '{' || token === '(') {
        if (depth === 0 && token === '{') {
          operations.push(pending || { kind: 'query', name: null });
          pending = null;
        }
        depth += 1;
      } else if (token === '}' || token === ')') {
        depth -= 1;
      } else if (depth === 0) {
        if (!pending && /^(query|mutation|subscription|fragment)$/.test(token)) pending = { kind: token, name: null };
        else if (pending && pending.name === null) pending.name = token;
      }
    });
    var named = operations.filter(function (operation) { return operation.kind !== 'fragment'; });
    var chosen = named.filter(function (operation) { return operation.name === operationName; })[0] || named[0];
    return chosen ? chosen.kind : 'query';
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
      if (operationKind(params.query, params.operationName) === 'subscription') return subscribe(socketFor(fresh), params);
      // Without GraphiQL's parsed document, which may be stale, its fetcher sends everything over HTTP.
      return http(params, { headers: fresh });
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
