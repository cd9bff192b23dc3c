/**
 * Connects to PostgreSQL through RDS Proxy with IAM authentication: no
 * password exists in the function or in Secrets Manager. The function's role
 * holds `rds-db:connect` for the application user (not the master user) on
 * the proxy (MultiAzDatabase's `grantConnect`); the token signed here with the
 * role's credentials is valid for 15 minutes and only needed to open the
 * connection. The proxy signs in to the database as that user with IAM too
 * (end-to-end IAM authentication). The proxy requires TLS, verified against
 * the public Amazon root CAs that Node trusts.
 */
import { Signer } from '@aws-sdk/rds-signer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Client, ClientConfig } from 'pg';
import { json } from './http';

/** What the handlers need from a database connection (a `pg` Client, or a fake in tests). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

const REQUIRED = ['DB_ENDPOINT', 'DB_PORT', 'DB_NAME', 'DB_USER', 'AWS_REGION'] as const;

/** The `pg` client configuration, with a fresh IAM authentication token as the password. */
export async function connectionConfig(env: NodeJS.ProcessEnv = process.env): Promise<ClientConfig> {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`The function's environment lacks ${missing.join(', ')}.`);
  }
  const host = env.DB_ENDPOINT!;
  const port = Number(env.DB_PORT);
  const user = env.DB_USER!;
  const signer = new Signer({ hostname: host, port, username: user, region: env.AWS_REGION });
  return {
    host,
    port,
    user,
    database: env.DB_NAME,
    password: await signer.getAuthToken(),
    ssl: { rejectUnauthorized: true },
    connectionTimeoutMillis: 5_000,
    statement_timeout: 5_000,
  };
}

let connected: Promise<Client> | undefined;

/**
 * One connection per execution environment, reused across invocations (the
 * proxy pools connections to the database) and opened again after an error.
 * The schema is the migration's; the application user may not change it.
 */
export async function database(): Promise<Queryable> {
  connected ??= (async () => {
    const client = new Client(await connectionConfig());
    client.on('error', () => {
      connected = undefined;
    });
    await client.connect();
    return client;
  })().catch((error) => {
    connected = undefined;
    throw error;
  });
  return connected;
}

/**
 * Runs `handle` with the database, or answers 503 when no connection can be
 * opened (the cause goes to the log, not to the caller).
 */
export async function withDatabase(event: APIGatewayProxyEvent,
  handle: (db: Queryable) => Promise<APIGatewayProxyResult>): Promise<APIGatewayProxyResult> {
  let db: Queryable;
  try {
    db = await database();
  } catch (error) {
    console.error(JSON.stringify({ message: 'No database connection', requestId: event.requestContext?.requestId, error: String(error) }));
    return json(503, { message: 'The database is unavailable; try again shortly.', requestId: event.requestContext?.requestId });
  }
  return handle(db);
}
