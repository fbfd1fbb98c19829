/**
 * docker-compose must not grow a gateway of its own: browsers reach Orthanc only through the Dokuei
 * server image, which runs the same entry as `npm start`, and no port is published beyond loopback.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const compose = readFileSync('docker-compose.yml', 'utf8');
const dockerfile = readFileSync('tools/docker/Dockerfile', 'utf8');
const startScript = readFileSync('tools/start.sh', 'utf8');

describe('docker-compose topology', () => {
  it('serves the app with the Dokuei server image, the same entry as npm start', () => {
    expect(dockerfile).toMatch(/CMD \[.*"server\/main\.ts"\]/);
    expect(startScript).toMatch(/tsx" server\/main\.ts/);
    expect(compose).toMatch(/dockerfile: tools\/docker\/Dockerfile/);
  });

  it('has no web server or proxy configuration that could drift from the allow-list', () => {
    expect(compose).not.toMatch(/nginx|proxy_pass|httpd|traefik|caddy/i);
  });

  it('publishes ports on loopback only', () => {
    const published = [...compose.matchAll(/^\s*-\s*"([^"]+:\d+:\d+)"/gm)].map((m) => m[1]);
    expect(published.length).toBeGreaterThan(0);
    for (const mapping of published) expect(mapping, mapping).toMatch(/^127\.0\.0\.1:/);
  });

  it('hands the PACS credentials to the server only', () => {
    const services = compose.split(/^ {2}(?=[a-z-]+:\s*$)/m);
    const withPacsPassword = services.filter((block) => block.includes('${PACS_PASSWORD')).map((block) => block.split(':')[0]);
    expect(withPacsPassword.sort()).toEqual(['dokuei', 'orthanc']);
  });
});
