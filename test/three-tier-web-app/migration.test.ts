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
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handleOrders } from '../../examples/three-tier-web-app/handlers/orders';
import { Queryable } from '../../examples/three-tier-web-app/handlers/shared/database';
import { handleUsers } from '../../examples/three-tier-web-app/handlers/users';
import { APPLICATION_USER, MASTER_USER } from '../../examples/three-tier-web-app/lib/data-stack';

const MIGRATION = fs.readFileSync(
  path.join(__dirname, '..', '..', 'examples', 'three-tier-web-app', 'migrations', '001-schema-and-application-user.sql'), 'utf8');
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

describe('what the application user may not do', () => {
  test.each([
    ['create a table', 'CREATE TABLE notes (body text)', 'permission denied for schema public'],
    ['drop a table', 'DROP TABLE orders', 'must be owner of table orders'],
    ['change an order', 'UPDATE orders SET quantity = 1000', 'permission denied for table orders'],
    ['delete orders', 'DELETE FROM orders', 'permission denied for table orders'],
    ['delete profiles', 'DELETE FROM user_profiles', 'permission denied for table user_profiles'],
    ['create a role', 'CREATE ROLE intruder LOGIN', 'permission denied to create role'],
  ])('%s', async (_what, statement, message) => {
    await as(APPLICATION_USER, () => expect(postgres.exec(statement)).rejects.toThrow(message));
  });

  test('read a table the master user adds later', async () => {
    await as(MASTER_USER, () => postgres.exec('CREATE TABLE IF NOT EXISTS audit (entry text)'));
    await as(APPLICATION_USER, () => expect(postgres.query('SELECT * FROM audit')).rejects.toThrow(new Error('permission denied for table audit')));
  });
});
