import 'reflect-metadata';
import { createApp, type App } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`chaman: configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

let app: App | undefined;
let stopping = false;

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app?.fastify.log.info({ signal }, 'shutting down: finishing requests in flight');
  // Started but not yet listening: closing waits for nothing; the migration transaction, if one is
  // running, is either committed or rolled back by SQLite/PostgreSQL themselves.
  await app?.close();
  process.exit(0);
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

try {
  app = await createApp(config);
  if (stopping) {
    await app.close();
    process.exit(0);
  }
  await app.fastify.listen({ port: config.port, host: config.host });
  app.fastify.log.info(
    { database: config.database.kind, publicUrl: config.publicUrl },
    `Chaman is running at ${config.publicUrl}`,
  );
  // The log lines above are JSON for machines; the person who ran `npm start` gets one plain line.
  if (config.logLevel !== 'silent') process.stdout.write(`Chaman is ready at ${config.publicUrl}\n`);
} catch (error) {
  console.error(`chaman: could not start: ${error instanceof Error ? error.message : String(error)}`);
  await app?.close().catch(() => undefined);
  process.exit(1);
}
