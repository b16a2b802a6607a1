import 'reflect-metadata';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { freePort, TEST_KEY_ENCRYPTION_KEY } from './process.js';
import { startSmtpSink } from './smtp.js';

export interface TestServer {
  app: App;
  config: Config;
  db: TestDatabase;
  /** http://127.0.0.1:<port> */
  url: string;
  /** POSTs a GraphQL operation and returns the parsed body and the response. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: { data?: T; errors?: GraphQLErrorBody[] }; response: Response }>;
  stop(): Promise<void>;
}

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

/** Starts the real server on a free port over a fresh database of the given kind. */
export async function startTestServer(kind: DatabaseKind, env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase(kind);
  // The port is chosen first: PUBLIC_URL (the OAuth issuer and audience) must name it.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Production requires SMTP_URL (such a server gets an SMTP server of its own) and, by default,
  // operators to approve employers (approved automatically unless the test says otherwise).
  const sink = env.NODE_ENV === 'production' && env.SMTP_URL === undefined ? await startSmtpSink() : null;
  const config: Config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_UI_DIR: '',
      PORT: String(port),
      PUBLIC_URL: url,
      // Its own data folder (the key-encryption key made there when none is given), beside its database.
      DATA_DIR: db.dataDir,
      ...(sink ? { SMTP_URL: sink.url } : {}),
      ...(env.NODE_ENV === 'production' ? { EMPLOYER_APPROVAL: 'automatic', ...(env.KEY_ENCRYPTION_KEY_FILE ? {} : { KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY }) } : {}),
      ...env,
    }),
    database: db.config,
  };
  const app = await createApp(config, options);
  await app.fastify.listen({ port, host: '127.0.0.1' });
  return {
    app,
    config,
    db,
    url,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as never;
      return { status: response.status, body, response };
    },
    async stop() {
      await app.close();
      await db.drop();
      await sink?.close();
    },
  };
}
