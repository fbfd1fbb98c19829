/**
 * The server's own names: Host header values it answers to (DNS-rebinding defence) and the origins
 * its pages run under (CSRF defence). The loopback names carry the port actually bound, which a
 * test server only knows after listen (port 0).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';

export interface ServerOrigins {
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string): boolean;
  /** For messages and the start-up banner. */
  list(): string[];
}

export function serverOrigins(app: FastifyInstance, config: ServerConfig): ServerOrigins {
  const scheme = config.tls ? 'https' : 'http';
  let cached: { hosts: Set<string>; origins: Set<string> } | null = null;

  function names() {
    if (cached) return cached;
    const address = app.server.address() as AddressInfo | null;
    const port = address?.port ?? config.port;
    const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...config.extraHosts]);
    const origins = new Set([...hosts].map((host) => `${scheme}://${host}`));
    if (config.publicOrigin) {
      hosts.add(new URL(config.publicOrigin).host);
      origins.add(config.publicOrigin);
    }
    // Only cache once bound: before listen the port may still be 0.
    if (address) cached = { hosts, origins };
    return { hosts, origins };
  }

  return {
    hostAllowed: (host) => host !== undefined && names().hosts.has(host.toLowerCase()),
    originAllowed: (origin) => names().origins.has(origin.toLowerCase()),
    list: () => [...names().origins],
  };
}
