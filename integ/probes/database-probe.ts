/**
 * Deployed by the Aurora PostgreSQL integ case (never in CI), in the
 * application subnets: signs in through RDS Proxy as the master user with an
 * IAM token, creates an application user allowed IAM authentication, then
 * signs in through the proxy as that user with an IAM token and asks who it
 * is. The assertion expects the application user, which shows that the proxy
 * admits it with end-to-end IAM authentication and no secret of its own.
 */
import { Signer } from '@aws-sdk/rds-signer';
import { Client } from 'pg';

/** The application user the probe creates and signs in as. */
export const PROBE_USER = 'integ_app';

/** Creates `user` allowed IAM authentication, unless it exists (PostgreSQL; `rds_iam` is RDS's role for IAM sign-in). */
export function createIamUserStatements(user: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(user)) {
    throw new Error(`Not a plain PostgreSQL user name: '${user}'.`);
  }
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN; END IF; END $$`,
    `GRANT rds_iam TO ${user}`,
  ];
}

async function signIn(user: string): Promise<Client> {
  const host = process.env.PROXY_ENDPOINT!;
  const port = Number(process.env.PROXY_PORT);
  const password = await new Signer({ hostname: host, port, username: user, region: process.env.AWS_REGION }).getAuthToken();
  // The proxy presents a certificate from Amazon's public CAs, which Node trusts.
  const client = new Client({ host, port, user, password, database: 'postgres', ssl: { rejectUnauthorized: true }, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return client;
}

export async function handler(): Promise<{ currentUser: string }> {
  const admin = await signIn(process.env.MASTER_USER!);
  try {
    for (const statement of createIamUserStatements(PROBE_USER)) {
      await admin.query(statement);
    }
  } finally {
    await admin.end();
  }
  const app = await signIn(PROBE_USER);
  try {
    const { rows } = await app.query('SELECT current_user');
    return { currentUser: rows[0].current_user };
  } finally {
    await app.end();
  }
}
