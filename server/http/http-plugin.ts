/** The HTTP ground rules, registered first: Host check, security headers, JSON errors. */
import type { ServerConfig } from '../config';
import { servedOverHttps } from '../config';
import { policyForDist } from './content-security-policy';
import { globalPlugin } from './global-plugin';
import { addHostCheck } from './host-check';
import { addJsonErrors } from './json-errors';
import type { ServerOrigins } from './origins';
import { addSecurityHeaders } from './security-headers';

export interface HttpOptions extends Record<string, unknown> {
  config: ServerConfig;
  origins: ServerOrigins;
  now: () => number;
}

export const httpPlugin = globalPlugin<HttpOptions>('dokuei-http', async (app, { config, origins, now }) => {
  addHostCheck(app, origins, now);
  addSecurityHeaders(app, { contentSecurityPolicy: policyForDist(config.distDir), https: servedOverHttps(config) });
  addJsonErrors(app);
});
