/**
 * Which browser origins may call the API (CORS_ORIGINS). An entry is an exact origin
 * (`https://app.example.com`, `http://localhost:5173`), an origin with `:*` for any port
 * (`http://localhost:*`), or `*` for every origin. Checked at start-up, so a typo stops the
 * gateway instead of silently refusing every browser.
 */

/** What development allows when CORS_ORIGINS is unset: a dev server on this machine, any port. */
export const DEVELOPMENT_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

const SHAPE = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/i;

/** Why `entry` is not an origin pattern, or undefined when it is one. */
export function originPatternProblem(entry: string): string | undefined {
  if (entry === '*') return undefined;
  const match = SHAPE.exec(entry);
  if (!match) return 'is not an origin: write scheme://host[:port] (no path, no trailing slash), :* for any port, or *';
  if (match[3] !== undefined && match[3] !== '*' && Number(match[3]) > 65535) return 'has a port above 65535';
  return undefined;
}

/** The origin a browser sends for this pattern: lower case, without the scheme's default port. */
const canonical = (origin: string) => new URL(origin).origin;

/** A predicate over the `Origin` request header, from already-validated patterns. */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith(':*')).map(canonical));
  const anyPort = patterns.filter((pattern) => pattern.endsWith(':*')).map((pattern) => canonical(pattern.slice(0, -2)));
  return (origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (a file or sandboxed page) and anything else that is not an origin
    }
    if (url.origin !== origin) return false;
    return exact.has(origin) || anyPort.includes(`${url.protocol}//${url.hostname}`);
  };
}
