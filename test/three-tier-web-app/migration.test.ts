/**
 * The reference app's migration and handlers against a real PostgreSQL
 * (PGlite: PostgreSQL compiled to WebAssembly, in process), set up the way RDS
 * sets up a database: the master user owns the database, may create roles and
 * may grant `rds_iam`, which RDS provides ("Creating a database account using
 * IAM authentication",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html).
 * The migration runs as the master user; the handlers run as the application
 * user, which is what the functions sign in as through the proxy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PGlite } from '@electric-sql/pglite';
import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';
import { IngestDependencies, ingestBatch, UploadedObject } from '../../examples/three-tier-web-app/handlers/ingest';
import { handleOrders } from '../../examples/three-tier-web-app/handlers/orders';
import { purge, RETENTION_DAYS } from '../../examples/three-tier-web-app/handlers/purge';
import { Queryable } from '../../examples/three-tier-web-app/handlers/shared/database';
import { handleUsers } from '../../examples/three-tier-web-app/handlers/users';
import { APPLICATION_USER, MASTER_USER } from '../../examples/three-tier-web-app/lib/data-stack';

const MIGRATIONS = path.join(__dirname, '..', '..', 'examples', 'three-tier-web-app', 'migrations');
/** The migrations in the order the README runs them. */
const MIGRATION = fs.readdirSync(MIGRATIONS).filter((file) => file.endsWith('.sql')).sort()
  .map((file) => fs.readFileSync(path.join(MIGRATIONS, file), 'utf8')).join('\n');
const ALICE = 'arn:aws:sts::111111111111:assumed-role/shop-client/alice';
const BOB = 'arn:aws:sts::111111111111:assumed-role/shop-client/bob';

let postgres: PGlite;

/** Runs `work` as `role` (SET ROLE), then returns to the bootstrap superuser. */
async function as<T>(role: string, work: () => Promise<T>): Promise<T> {
  await postgres.exec(`SET ROLE ${role}`);
  try {
    return await work();
  } finally {
    await postgres.exec('RESET ROLE');
  }
}

const db: Queryable = { query: async (text, values) => postgres.query(text, values as any[]) };

function event(httpMethod: string, resource: string, caller: string, options: { body?: unknown; pathParameters?: Record<string, string> } = {}) {
  return {
    httpMethod,
    resource,
    path: resource,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    pathParameters: options.pathParameters ?? null,
    requestContext: { requestId: 'request-1', identity: { userArn: caller } },
  } as unknown as APIGatewayProxyEvent;
}

beforeAll(async () => {
  postgres = await PGlite.create();
  // What RDS creates before anyone signs in: rds_iam, and a master user that
  // owns the database, may create roles and may grant rds_iam.
  await postgres.exec(`
    CREATE ROLE rds_iam;
    CREATE ROLE ${MASTER_USER} LOGIN CREATEROLE;
    GRANT rds_iam TO ${MASTER_USER} WITH ADMIN OPTION;
    ALTER DATABASE postgres OWNER TO ${MASTER_USER};
    ALTER SCHEMA public OWNER TO ${MASTER_USER};`);
  await as(MASTER_USER, () => postgres.exec(MIGRATION));
}, 60_000);

afterAll(async () => {
  await postgres.close();
});

describe('the migration', () => {
  test('runs as the master user, and again without error (every statement keeps what exists)', async () => {
    await as(MASTER_USER, () => postgres.exec(MIGRATION));
    const tables = await postgres.query<{ tablename: string; tableowner: string }>(
      'SELECT tablename, tableowner FROM pg_tables WHERE schemaname = \'public\' ORDER BY tablename');
    expect(tables.rows).toEqual([
      { tablename: 'ingest_runs', tableowner: MASTER_USER },
      { tablename: 'orders', tableowner: MASTER_USER },
      { tablename: 'user_profiles', tableowner: MASTER_USER },
    ]);
  });

  test('creates the application user with rds_iam, no password and no role attributes', async () => {
    const { rows } = await postgres.query<any>(`
      SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolpassword IS NULL AS passwordless,
             pg_has_role(rolname, 'rds_iam', 'MEMBER') AS iam
      FROM pg_authid WHERE rolname = $1`, [APPLICATION_USER]);
    expect(rows).toEqual([{
      rolcanlogin: true, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, passwordless: true, iam: true,
    }]);
  });
});

describe('the handlers, signed in as the application user', () => {
  test('orders: place, list and read the caller\'s own orders', async () => {
    await as(APPLICATION_USER, async () => {
      const placed = await handleOrders(event('POST', '/', ALICE, { body: { item: 'tea', quantity: 2 } }), db);
      expect(placed.statusCode).toBe(201);
      const order = JSON.parse(placed.body);
      expect(order).toEqual(expect.objectContaining({ item: 'tea', quantity: 2 }));
      await handleOrders(event('POST', '/', BOB, { body: { item: 'coffee', quantity: 1 } }), db);

      const listed = JSON.parse((await handleOrders(event('GET', '/', ALICE), db)).body);
      expect(listed.orders.map((o: any) => o.item)).toEqual(['tea']);
      const read = await handleOrders(event('GET', '/{orderId}', ALICE, { pathParameters: { orderId: order.id } }), db);
      expect([read.statusCode, JSON.parse(read.body).item]).toEqual([200, 'tea']);
      const othersOrder = await handleOrders(event('GET', '/{orderId}', BOB, { pathParameters: { orderId: order.id } }), db);
      expect(othersOrder.statusCode).toBe(404);
    });
  });

  test('users: create and then change the caller\'s profile (an upsert)', async () => {
    await as(APPLICATION_USER, async () => {
      expect((await handleUsers(event('GET', '/me', ALICE), db)).statusCode).toBe(404);
      const created = await handleUsers(event('PUT', '/me', ALICE, { body: { displayName: 'Alice', email: 'alice@example.com' } }), db);
      expect(created.statusCode).toBe(200);
      await handleUsers(event('PUT', '/me', ALICE, { body: { displayName: 'Alice B.', email: 'alice@example.com' } }), db);
      const read = JSON.parse((await handleUsers(event('GET', '/me', ALICE), db)).body);
      expect(read).toEqual(expect.objectContaining({ displayName: 'Alice B.', email: 'alice@example.com' }));
    });
  });
});

/** An SQS batch of EventBridge "Object Created" events, one per key. */
function uploads(...keys: string[]): SQSEvent {
  return {
    Records: keys.map((key, i) => ({
      messageId: `message-${i}`,
      body: JSON.stringify({
        'source': 'aws.s3',
        'detail-type': 'Object Created',
        'detail': { bucket: { name: 'webapp-uploads' }, object: { 'key': key, 'size': 100, 'version-id': 'v1' } },
      }),
    })),
  } as unknown as SQSEvent;
}

describe('the ingest pipeline\'s function and the nightly purge, signed in as the application user', () => {
  const files: Record<string, string> = {
    'incoming/good.csv': `owner,item,quantity\n${ALICE},oolong,3\n${BOB},mate,1\n`,
    'incoming/bad.csv': `owner,item,quantity\n${ALICE},oolong,3\n${BOB},mate,0\n`,
  };
  const notices: unknown[] = [];
  const deps: IngestDependencies = {
    db: async () => db,
    readObject: async (object: UploadedObject) => files[object.key],
    publish: async (notice) => {
      notices.push(notice);
    },
  };
  const ordersOf = async (owner: string) => (await postgres.query<{ item: string }>('SELECT item FROM orders WHERE owner = $1 AND item IN ($2, $3)',
    [owner, 'oolong', 'mate'])).rows.map((row) => row.item);

  test('a file\'s orders are inserted once, a second delivery inserts nothing, and a bad file inserts none of its rows', async () => {
    await as(APPLICATION_USER, async () => {
      expect(await ingestBatch(uploads('incoming/good.csv', 'incoming/bad.csv'), deps)).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
      expect(await ordersOf(ALICE)).toEqual(['oolong']);
      expect(await ordersOf(BOB)).toEqual(['mate']);
      expect(await ingestBatch(uploads('incoming/good.csv'), deps)).toEqual({ batchItemFailures: [] });
      expect(await ordersOf(ALICE)).toEqual(['oolong']);
    });
    expect(notices).toEqual([
      { ingested: [{ bucket: 'webapp-uploads', key: 'incoming/good.csv', version: 'v1', orders: 2, duplicate: false }], failed: 1 },
      { ingested: [{ bucket: 'webapp-uploads', key: 'incoming/good.csv', version: 'v1', orders: 0, duplicate: true }], failed: 0 },
    ]);
  });

  test(`the purge deletes the ingest records older than ${RETENTION_DAYS} days and keeps the rest`, async () => {
    await as(MASTER_USER, () => postgres.exec(`INSERT INTO ingest_runs (bucket, object_key, version, row_count, ingested_at)
      VALUES ('webapp-uploads', 'incoming/old.csv', 'v1', 5, now() - interval '${RETENTION_DAYS + 1} days')`));
    const result = await as(APPLICATION_USER, () => purge(db));
    expect(result).toEqual({ purged: 1 });
    const { rows } = await postgres.query<{ object_key: string }>('SELECT object_key FROM ingest_runs ORDER BY object_key');
    expect(rows.map((row) => row.object_key)).toEqual(['incoming/good.csv']);
  });
});

describe('what the application user may not do', () => {
  test.each([
    ['create a table', 'CREATE TABLE notes (body text)', 'permission denied for schema public'],
    ['drop a table', 'DROP TABLE orders', 'must be owner of table orders'],
    ['change an order', 'UPDATE orders SET quantity = 1000', 'permission denied for table orders'],
    ['delete orders', 'DELETE FROM orders', 'permission denied for table orders'],
    ['delete profiles', 'DELETE FROM user_profiles', 'permission denied for table user_profiles'],
    ['change an ingest record', 'UPDATE ingest_runs SET row_count = 0', 'permission denied for table ingest_runs'],
    ['create a role', 'CREATE ROLE intruder LOGIN', 'permission denied to create role'],
  ])('%s', async (_what, statement, message) => {
    await as(APPLICATION_USER, () => expect(postgres.exec(statement)).rejects.toThrow(message));
  });

  test('read a table the master user adds later', async () => {
    await as(MASTER_USER, () => postgres.exec('CREATE TABLE IF NOT EXISTS audit (entry text)'));
    await as(APPLICATION_USER, () => expect(postgres.query('SELECT * FROM audit')).rejects.toThrow(new Error('permission denied for table audit')));
  });
});
