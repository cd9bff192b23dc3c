import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handleFiles, newS3Client, ownerPrefix, URL_EXPIRY_SECONDS } from '../../examples/three-tier-web-app/handlers/files';
import {
  IngestDependencies, ingestBatch, ingestObject, InvalidUpload, MAX_OBJECT_BYTES, MAX_ROWS, parseOrders, uploadedObjectOf,
} from '../../examples/three-tier-web-app/handlers/ingest';
import { handleOrders } from '../../examples/three-tier-web-app/handlers/orders';
import { connectionConfig, Queryable, withDatabase } from '../../examples/three-tier-web-app/handlers/shared/database';
import { handleUsers } from '../../examples/three-tier-web-app/handlers/users';

const ALICE = 'arn:aws:sts::111111111111:assumed-role/shop-client/alice';
const BOB = 'arn:aws:sts::111111111111:assumed-role/shop-client/bob';
const ORDER_ID = '0b6f0d3e-8c1a-4f7e-9a55-2d0c8f1e4b7a';

/** An API Gateway proxy event as IAM authorization delivers it. */
interface EventOptions {
  readonly body?: unknown;
  readonly pathParameters?: Record<string, string>;
  /** The IAM caller; null for none. */
  readonly caller?: string | null;
}

function event(httpMethod: string, resource: string, options: EventOptions = {}): APIGatewayProxyEvent {
  return {
    httpMethod,
    resource,
    path: resource,
    body: options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    isBase64Encoded: false,
    pathParameters: options.pathParameters ?? null,
    requestContext: { requestId: 'request-1', identity: { userArn: options.caller === null ? null : options.caller ?? ALICE } },
  } as unknown as APIGatewayProxyEvent;
}

/** A database that records every query and answers with `rows`. */
function fakeDatabase(rows: any[] = []) {
  const queries: Array<{ text: string; values?: unknown[] }> = [];
  const db: Queryable = {
    query: async (text, values) => {
      queries.push({ text, values });
      return { rows };
    },
  };
  return { db, queries };
}

const body = (result: { body: string }) => JSON.parse(result.body);

describe('orders handler', () => {
  test('GET / lists the caller\'s orders only, newest first', async () => {
    const { db, queries } = fakeDatabase([{ id: ORDER_ID, item: 'tea', quantity: 2 }]);
    const result = await handleOrders(event('GET', '/'), db);
    expect(result.statusCode).toBe(200);
    expect(body(result)).toEqual({ orders: [{ id: ORDER_ID, item: 'tea', quantity: 2 }] });
    expect(queries).toEqual([{ text: expect.stringMatching(/FROM orders WHERE owner = \$1 ORDER BY created_at DESC LIMIT 50$/), values: [ALICE] }]);
  });

  test('POST / inserts with parameters, for the caller, and answers 201', async () => {
    const { db, queries } = fakeDatabase([{ id: ORDER_ID, item: "tea'); DROP TABLE orders;--", quantity: 3 }]);
    const result = await handleOrders(event('POST', '/', { body: { item: "tea'); DROP TABLE orders;--", quantity: 3 } }), db);
    expect(result.statusCode).toBe(201);
    expect(queries[0].text).toMatch(/^INSERT INTO orders \(owner, item, quantity\) VALUES \(\$1, \$2, \$3\)/);
    expect(queries[0].values).toEqual([ALICE, "tea'); DROP TABLE orders;--", 3]);
  });

  test.each([
    [{ item: '', quantity: 1 }, '`item` must be a string of 1 to 200 characters that does not start with a space.'],
    [{ item: 'x'.repeat(201), quantity: 1 }, '`item` must be a string of 1 to 200 characters that does not start with a space.'],
    [{ item: 'tea', quantity: 0 }, '`quantity` must be a whole number from 1 to 1000.'],
    [{ item: 'tea', quantity: 1.5 }, '`quantity` must be a whole number from 1 to 1000.'],
    [{ item: 'tea', quantity: '2' }, '`quantity` must be a whole number from 1 to 1000.'],
    ['not json', 'The request body must be a JSON object.'],
    [[1, 2], 'The request body must be a JSON object.'],
  ])('POST / with %j is a 400 naming the field, and nothing is written', async (given, message) => {
    const { db, queries } = fakeDatabase();
    const result = await handleOrders(event('POST', '/', { body: given }), db);
    expect([result.statusCode, body(result)]).toEqual([400, { message }]);
    expect(queries).toEqual([]);
  });

  test('GET /{orderId} reads one order of the caller; another caller\'s or a missing one is a 404', async () => {
    const found = fakeDatabase([{ id: ORDER_ID, item: 'tea', quantity: 2 }]);
    const result = await handleOrders(event('GET', '/{orderId}', { pathParameters: { orderId: ORDER_ID } }), found.db);
    expect(result.statusCode).toBe(200);
    expect(found.queries[0].values).toEqual([ORDER_ID, ALICE]);

    const missing = fakeDatabase([]);
    const notFound = await handleOrders(event('GET', '/{orderId}', { pathParameters: { orderId: ORDER_ID }, caller: BOB }), missing.db);
    expect([notFound.statusCode, body(notFound)]).toEqual([404, { message: `No orderId '${ORDER_ID}'.` }]);
    expect(missing.queries[0].values).toEqual([ORDER_ID, BOB]);
  });

  test('an id that is not a UUID is a 404 without a query', async () => {
    const { db, queries } = fakeDatabase();
    const result = await handleOrders(event('GET', '/{orderId}', { pathParameters: { orderId: "1' OR '1'='1" } }), db);
    expect(result.statusCode).toBe(404);
    expect(queries).toEqual([]);
  });

  test('no IAM identity is a 401; an unknown route is a 404; a database error is a 500 that reveals nothing', async () => {
    expect((await handleOrders(event('GET', '/', { caller: null }), fakeDatabase().db)).statusCode).toBe(401);
    expect((await handleOrders(event('DELETE', '/'), fakeDatabase().db)).statusCode).toBe(404);
    const failing: Queryable = { query: async () => { throw new Error('relation "orders" does not exist at 10.0.3.17'); } };
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await handleOrders(event('GET', '/'), failing);
    expect([result.statusCode, body(result)]).toEqual([500, { message: 'Internal error', requestId: 'request-1' }]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('10.0.3.17'));
    error.mockRestore();
  });
});

describe('users handler', () => {
  test('GET /me before any PUT is a 404 that says how to create the profile', async () => {
    const result = await handleUsers(event('GET', '/me'), fakeDatabase([]).db);
    expect([result.statusCode, body(result)]).toEqual([404, { message: 'No profile yet; PUT /users/me creates it.' }]);
  });

  test('PUT /me upserts the caller\'s profile with parameters', async () => {
    const { db, queries } = fakeDatabase([{ displayName: 'Alice', email: 'alice@example.org' }]);
    const result = await handleUsers(event('PUT', '/me', { body: { displayName: 'Alice', email: 'alice@example.org' } }), db);
    expect([result.statusCode, body(result)]).toEqual([200, { displayName: 'Alice', email: 'alice@example.org' }]);
    expect(queries[0].text).toMatch(/ON CONFLICT \(owner\) DO UPDATE/);
    expect(queries[0].values).toEqual([ALICE, 'Alice', 'alice@example.org']);
  });

  test.each([
    [{ displayName: 'Alice', email: 'not-an-email' }, '`email` must be an email address.'],
    [{ displayName: ' ', email: 'alice@example.org' }, '`displayName` must be a string of 1 to 100 characters that does not start with a space.'],
    [{ email: 'alice@example.org' }, '`displayName` must be a string of 1 to 100 characters that does not start with a space.'],
  ])('PUT /me with %j is a 400', async (given, message) => {
    const { db, queries } = fakeDatabase();
    const result = await handleUsers(event('PUT', '/me', { body: given }), db);
    expect([result.statusCode, body(result)]).toEqual([400, { message }]);
    expect(queries).toEqual([]);
  });
});

describe('files handler', () => {
  const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_REGION: 'eu-west-1' };
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, credentials));
  afterAll(() => {
    for (const name of Object.keys(credentials)) {
      if (saved[name] === undefined) delete process.env[name]; else process.env[name] = saved[name];
    }
  });
  const deps = (exists = true) => ({ s3: newS3Client(), bucketName: 'uploads-bucket', objectExists: async () => exists });

  test('POST / issues a pre-signed PUT URL under the caller\'s own prefix, signing the content type and file name', async () => {
    const result = await handleFiles(event('POST', '/', { body: { fileName: 'report.pdf', contentType: 'application/pdf' } }), deps());
    expect(result.statusCode).toBe(201);
    const answer = body(result);
    const url = new URL(answer.uploadUrl);
    expect(url.host).toEqual('uploads-bucket.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toEqual(`/${ownerPrefix(ALICE)}${answer.fileId}`);
    expect(url.pathname).toMatch(/^\/uploads\/[0-9a-f]{32}\/[0-9a-f-]{36}$/);
    expect(url.searchParams.get('X-Amz-Expires')).toEqual(String(URL_EXPIRY_SECONDS));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toEqual('content-disposition;content-type;host');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // A checksum of the empty body in the URL would make S3 reject every real upload.
    expect([...url.searchParams.keys()].filter((k) => k.startsWith('x-amz-checksum'))).toEqual([]);
    expect(answer).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report.pdf"' } });
  });

  test('two callers never share a prefix', () => {
    expect(ownerPrefix(ALICE)).not.toEqual(ownerPrefix(BOB));
    expect(ownerPrefix(ALICE)).not.toContain('alice');
  });

  test.each([
    [{ fileName: '../../other/report.pdf', contentType: 'application/pdf' }, '`fileName` must be a file name of 1 to 200 letters, digits, spaces and ._-() (no path).'],
    [{ fileName: 'a"b.pdf', contentType: 'application/pdf' }, '`fileName` must be a file name of 1 to 200 letters, digits, spaces and ._-() (no path).'],
    [{ fileName: 'report.pdf', contentType: 'pdf' }, '`contentType` must be a media type such as image/png.'],
  ])('POST / with %j is a 400', async (given, message) => {
    const result = await handleFiles(event('POST', '/', { body: given }), deps());
    expect([result.statusCode, body(result)]).toEqual([400, { message }]);
  });

  test('GET /{fileId} issues a pre-signed GET URL for the caller\'s file, and a 404 for a file the caller does not have', async () => {
    const fileId = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
    const asked: string[] = [];
    const result = await handleFiles(event('GET', '/{fileId}', { pathParameters: { fileId }, caller: BOB }), {
      ...deps(),
      objectExists: async (key) => { asked.push(key); return true; },
    });
    expect(result.statusCode).toBe(200);
    expect(asked).toEqual([`${ownerPrefix(BOB)}${fileId}`]);
    expect(new URL(body(result).downloadUrl).pathname).toEqual(`/${ownerPrefix(BOB)}${fileId}`);

    const missing = await handleFiles(event('GET', '/{fileId}', { pathParameters: { fileId } }), deps(false));
    expect([missing.statusCode, body(missing)]).toEqual([404, { message: `No fileId '${fileId}'.` }]);
  });
});

describe('database connection', () => {
  const env = {
    DB_ENDPOINT: 'webapp.proxy-abc.eu-west-1.rds.amazonaws.com',
    DB_PORT: '5432',
    DB_NAME: 'webapp',
    DB_USER: 'webapp_app',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  };

  test('the password is an IAM authentication token for the user at the proxy, and TLS is verified', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
    try {
      const config = await connectionConfig(env);
      expect(config).toMatchObject({ host: env.DB_ENDPOINT, port: 5432, user: 'webapp_app', database: 'webapp', ssl: { rejectUnauthorized: true } });
      const token = new URL(`https://${config.password as string}`);
      expect(token.host).toEqual(`${env.DB_ENDPOINT}:5432`);
      expect(token.searchParams.get('Action')).toEqual('connect');
      // The application user, not the master: the proxy signs it in to the database with IAM too.
      expect(token.searchParams.get('DBUser')).toEqual('webapp_app');
      expect(token.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
    } finally {
      process.env = saved;
    }
  });

  test('a missing setting is named', async () => {
    await expect(connectionConfig({ AWS_REGION: 'eu-west-1', DB_PORT: '5432' })).rejects.toThrow(new Error(
      'The function\'s environment lacks DB_ENDPOINT, DB_NAME, DB_USER.'));
  });

  test('when no connection can be opened, the caller gets a 503 and the cause goes to the log', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ...env, DB_ENDPOINT: '127.0.0.1', DB_PORT: '1' });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const handle = jest.fn();
      const result = await withDatabase(event('GET', '/'), handle);
      expect([result.statusCode, body(result)]).toEqual([503, { message: 'The database is unavailable; try again shortly.', requestId: 'request-1' }]);
      expect(handle).not.toHaveBeenCalled();
      expect(error).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
    } finally {
      error.mockRestore();
      process.env = saved;
    }
  });
});

describe('ingest handler', () => {
  const OBJECT = { bucket: 'webapp-uploads', key: 'incoming/a.csv', version: 'v1', size: 40 };
  const record = (message: unknown, messageId = 'm-1') => ({ messageId, body: typeof message === 'string' ? message : JSON.stringify(message) }) as any;
  const created = (detail: unknown) => ({ 'source': 'aws.s3', 'detail-type': 'Object Created', detail });

  test('reads the bucket, key, version and size from the EventBridge event in the SQS record', () => {
    expect(uploadedObjectOf(record(created({ bucket: { name: 'b' }, object: { 'key': 'incoming/x.csv', 'size': 7, 'version-id': 'abc' } }))))
      .toEqual({ bucket: 'b', key: 'incoming/x.csv', version: 'abc', size: 7 });
    expect(uploadedObjectOf(record(created({ bucket: { name: 'b' }, object: { key: 'incoming/x.csv' } }))))
      .toEqual({ bucket: 'b', key: 'incoming/x.csv', version: 'null', size: 0 });
  });

  test.each([
    ['not JSON', 'nope', 'Message m-1 is not JSON.'],
    ['another event', { 'source': 'aws.s3', 'detail-type': 'Object Deleted', 'detail': { bucket: { name: 'b' }, object: { key: 'k' } } },
      'Message m-1 is not an S3 "Object Created" event.'],
    ['no key', created({ bucket: { name: 'b' }, object: {} }), 'Message m-1 is not an S3 "Object Created" event.'],
  ])('a record that is %s is refused', (_name, message, error) => {
    expect(() => uploadedObjectOf(record(message))).toThrow(new InvalidUpload(error));
  });

  test('parses the header and one order per line, with CRLF, a byte-order mark and blank lines', () => {
    expect(parseOrders('\uFEFFowner,item,quantity\r\nalice, tea ,2\r\n\r\nbob,coffee,1000\r\n')).toEqual([
      { owner: 'alice', item: 'tea', quantity: 2 }, { owner: 'bob', item: 'coffee', quantity: 1000 },
    ]);
    expect(parseOrders('owner,item,quantity\n')).toEqual([]);
  });

  test.each([
    ['item,owner,quantity\n', 'Line 1 must be the header \'owner,item,quantity\', got: \'item,owner,quantity\'.'],
    ['owner,item,quantity\nalice,tea\n', 'Line 2 must hold three fields without commas or quotes: owner,item,quantity.'],
    ['owner,item,quantity\nalice,"tea, green",2\n', 'Line 2 must hold three fields without commas or quotes: owner,item,quantity.'],
    ['owner,item,quantity\nalice,tea,1\n,tea,1\n', 'Line 3: the owner must be 1 to 2048 characters.'],
    ['owner,item,quantity\nalice,,1\n', 'Line 2: the item must be 1 to 200 characters.'],
    ['owner,item,quantity\nalice,tea,0\n', 'Line 2: the quantity must be a whole number from 1 to 1000, got: \'0\'.'],
    ['owner,item,quantity\nalice,tea,1.5\n', 'Line 2: the quantity must be a whole number from 1 to 1000, got: \'1.5\'.'],
    ['owner,item,quantity\nalice,tea,1001\n', 'Line 2: the quantity must be a whole number from 1 to 1000, got: \'1001\'.'],
    [`owner,item,quantity\n${'a,t,1\n'.repeat(MAX_ROWS + 1)}`, `A file may hold at most ${MAX_ROWS} orders, got: ${MAX_ROWS + 1}.`],
  ])('refuses %j, naming the line', (text, message) => {
    expect(() => parseOrders(text)).toThrow(new InvalidUpload(message));
  });

  /** A fake database, S3 and SNS: the claim succeeds unless `claimed` is false; inserting or publishing fails when asked. */
  interface FakeOptions {
    readonly text?: string;
    readonly claimed?: boolean;
    readonly failInsert?: boolean;
    readonly failPublish?: boolean;
  }

  function dependencies(options: FakeOptions = {}) {
    const { db, queries } = fakeDatabase();
    db.query = async (text, values) => {
      queries.push({ text, values });
      if (text.startsWith('INSERT INTO ingest_runs')) {
        return { rows: options.claimed === false ? [] : [{ object_key: OBJECT.key }] };
      }
      if (text.startsWith('INSERT INTO orders') && options.failInsert) {
        throw new Error('connection lost');
      }
      return { rows: [] };
    };
    const notices: unknown[] = [];
    const deps: IngestDependencies = {
      db: async () => db,
      readObject: async () => options.text ?? 'owner,item,quantity\nalice,tea,2\n',
      publish: async (notice) => {
        if (options.failPublish) {
          throw new Error('SNS unavailable');
        }
        notices.push(notice);
      },
    };
    return { deps, queries, notices };
  }

  test('claims the object version and inserts its orders in one transaction, with parameters', async () => {
    const { deps, queries } = dependencies();
    expect(await ingestObject(OBJECT, deps)).toEqual({ ...OBJECT, size: undefined, orders: 1, duplicate: false });
    expect(queries.map((q) => q.text.split(' ').slice(0, 3).join(' '))).toEqual(['BEGIN', 'INSERT INTO ingest_runs', 'INSERT INTO orders', 'COMMIT']);
    expect(queries[2].values).toEqual([['alice'], ['tea'], [2]]);
  });

  test('a version claimed before inserts nothing', async () => {
    const { deps, queries } = dependencies({ claimed: false });
    expect(await ingestObject(OBJECT, deps)).toEqual(expect.objectContaining({ orders: 0, duplicate: true }));
    expect(queries.map((q) => q.text)).not.toContainEqual(expect.stringMatching(/^INSERT INTO orders/));
  });

  test('a failed insert rolls the claim back, and the record is reported as failed', async () => {
    const { deps, queries, notices } = dependencies({ failInsert: true });
    const batch = { Records: [record(created({ bucket: { name: OBJECT.bucket }, object: { 'key': OBJECT.key, 'version-id': 'v1' } }))] } as any;
    expect(await ingestBatch(batch, deps)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(queries.map((q) => q.text).slice(-1)).toEqual(['ROLLBACK']);
    expect(notices).toEqual([]);
  });

  test('a file larger than the limit is refused before it is read', async () => {
    const { deps, queries } = dependencies();
    await expect(ingestObject({ ...OBJECT, size: MAX_OBJECT_BYTES + 1 }, deps)).rejects.toThrow(new InvalidUpload(
      `incoming/a.csv is ${MAX_OBJECT_BYTES + 1} bytes; the most a file may be is ${MAX_OBJECT_BYTES}.`));
    expect(queries).toEqual([]);
  });

  test('when the notice cannot be published, the whole batch fails (and a retry inserts nothing again)', async () => {
    const { deps } = dependencies({ failPublish: true });
    const batch = { Records: [record(created({ bucket: { name: OBJECT.bucket }, object: { key: OBJECT.key } }))] } as any;
    await expect(ingestBatch(batch, deps)).rejects.toThrow(new Error('SNS unavailable'));
  });
});
