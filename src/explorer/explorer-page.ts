import type { ExplorerAsset } from './explorer-assets.js';

/**
 * What the explorer page may load: only this origin, plus the data: URLs of the fonts and editor
 * markers embedded in graphiql.min.css. Checked in Chromium (tests/explorer): GraphiQL 3.8 needs
 * neither 'unsafe-inline' nor 'unsafe-eval', for scripts or styles. Subscriptions connect to this
 * origin's ws: or wss: URL, which CSP Level 3 counts as 'self' (Chromium, Firefox and Safari do).
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The HTML shell: two stylesheets, five scripts in order, a mount point carrying the settings. */
export function renderExplorerPage(
  assets: Map<string, ExplorerAsset>,
  settings: { endpoint: string; headers?: Record<string, string>; refreshUrl?: string },
): string {
  const url = (name: string) => escapeHtml(assets.get(name)!.url);
  const scripts = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'graphql-ws.min.js', 'explorer.js'];
  const headers = settings.headers && Object.keys(settings.headers).length > 0 ? JSON.stringify(settings.headers, null, 2) : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Flowgate API explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${url('graphiql.min.css')}">
<link rel="stylesheet" href="${url('explorer.css')}">
${scripts.map((name) => `<script defer src="${url(name)}"></script>`).join('\n')}
</head>
<body>
<div id="graphiql" data-endpoint="${escapeHtml(settings.endpoint)}" data-headers="${escapeHtml(headers)}"${headers && settings.refreshUrl ? ` data-refresh="${escapeHtml(settings.refreshUrl)}"` : ''}>Loading the explorer…</div>
</body>
</html>
`;
}
