import type { IncomingHttpHeaders } from 'node:http';

/** What a client may send in connection_init's payload instead of the upgrade request's headers. */
const CREDENTIAL_HEADERS = ['authorization', 'x-organization-id', 'x-api-key'] as const;

/**
 * The headers authentication reads, from the upgrade request with connection_init's payload
 * (browsers cannot set headers on a WebSocket) taking precedence, so both transports authenticate
 * through the same function.
 */
export function credentialHeaders(upgrade: IncomingHttpHeaders, payload: Record<string, unknown> | undefined): IncomingHttpHeaders {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const name of CREDENTIAL_HEADERS) {
    const given = Object.entries(payload ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
    const value = typeof given === 'string' ? given : upgrade[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

export function usesApiKey(headers: IncomingHttpHeaders): boolean {
  return headers['x-api-key'] !== undefined || /^apikey\s/i.test(String(headers.authorization ?? ''));
}

/** The bearer token, if the person authenticated with one. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^bearer\s+(\S+)/i.exec(String(headers.authorization ?? ''))?.[1];
}
