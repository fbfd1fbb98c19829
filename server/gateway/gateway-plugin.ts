// Placeholder owned by the gateway work (being written now): replaced by the real allow-listed gateway.
import type { FastifyPluginAsync } from 'fastify';
import type { PacsConfig } from '../../scripts/lib/pacs-config';

export interface GatewayOptions {
  pacs: PacsConfig | null;
}

export const gatewayPlugin: FastifyPluginAsync<GatewayOptions> = async () => {};
