import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listen address the gateway cannot take: an operator fixes it by reading the message alone. */
export class ListenError extends Error {}

/** Why listening failed, in words that name the variable to change. */
function explain(error: NodeJS.ErrnoException, variable: string, port: number, host: string): Error {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new ListenError(`${variable}=${port} is already in use on ${host}: stop the process listening there, or set ${variable} to a free port.`);
    case 'EACCES':
      return new ListenError(`${variable}=${port} needs privileges to listen on ${where}: set ${variable} to a port above 1023.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ListenError(`HOST=${host} is not an address of this machine: set HOST to one (127.0.0.1 or 0.0.0.0).`);
    default:
      return error;
  }
}

/** Listens on `host:port`, resolving with the bound port or rejecting with a `ListenError`. */
export function listen(server: http.Server, port: number, host: string, variable = 'PORT'): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(explain(error, variable, port, host));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
