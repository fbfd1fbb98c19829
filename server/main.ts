/**
 * The Dokuei server's entry (`tsx server/main.ts`): configuration from the environment, first-start
 * accounts, then listen until SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer, listen } from './app';
import { PgSessionStore } from './auth/pg-session-store';
import { ensureUsersFile } from './auth/users';
import { loadServerConfig } from './config';
import { databaseUrl } from './db/database-url';
import { ModelFileStore, modelStoreDir } from './models/file-store';
import { registerCommittedModels } from './models/register-committed';
import { ModelRegistry } from './models/registry';
import { startIndexing } from './worklist/start-indexing';
import { ValidationQueue } from './validation/validation-queue';

async function main(): Promise<void> {
  const config = loadServerConfig();
  const firstAccounts = ensureUsersFile(config.usersFile);
  // The worklist index and arrival-time triage need the database; without one the browser lists the PACS itself.
  const database = databaseUrl();
  const indexing = database ? await startIndexing(database, config.pacs, (line) => console.log(`  ${line}`)) : null;
  // The model registry starts with the committed models/ as the active versions (once; later starts add only new ones).
  const registry = indexing ? new ModelRegistry({ db: indexing.db, files: new ModelFileStore(modelStoreDir(config.stateDir)) }) : null;
  const registered = registry ? await registerCommittedModels(registry) : [];
  for (const version of registered) console.log(`  model registry: ${version.modelId} ${version.version} registered from models/ as ${version.state}`);
  // With the database, sessions live there too: any number of servers behind a load balancer share them.
  const app = await buildServer(
    config,
    indexing && registry
      ? {
          db: indexing.db,
          queue: indexing.queue,
          sessionStore: new PgSessionStore(indexing.db),
          registry,
          validations: await ValidationQueue.open(indexing.queue.boss),
        }
      : {},
  );
  // onClose hooks run last-registered first: the audit trail's last records go out before the pool ends.
  if (indexing) {
    app.addHook('onClose', async () => {
      await app.audit.close();
      await indexing.stop();
    });
  }
  const url = await listen(app, config);

  const shown = config.publicOrigin ?? url;
  if (firstAccounts) {
    console.log(`Dokuei server at ${shown}/ — sign in as admin (password ${firstAccounts.admin}) or reader (password ${firstAccounts.reader}).`);
    console.log(`  These passwords are shown once. Accounts are in ${config.usersFile}; manage them with npm run users -- list|add|passwd ...`);
  } else {
    console.log(`Dokuei server at ${shown}/ — sign in as one of the accounts in ${config.usersFile} (npm run users -- list).`);
  }
  if (config.publicOrigin) console.log(`  listening on ${url}, behind ${config.publicOrigin}`);
  if (!indexing) console.log('  No database (DOKUEI_DATABASE_URL, or npm run postgres:start): no worklist index, no arrival-time triage.');
  if (!config.pacs) console.log('  No PACS configured: start the local Orthanc (npm run orthanc:start) or set DOKUEI_PACS_URL.');
  if (!existsSync(join(config.distDir, 'index.html'))) console.log(`  No build in ${config.distDir}: run npm run build.`);

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Dokuei server: ${signal}, closing`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Dokuei server: close failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Dokuei server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
