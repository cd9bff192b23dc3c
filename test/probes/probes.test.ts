import { PGlite } from '@electric-sql/pglite';
import { NodeSha256, signedHeaders } from '../../integ/probes/api-probe';
import { createIamUserStatements, PROBE_USER } from '../../integ/probes/database-probe';

/**
 * The integ cases' probes run only when a maintainer deploys them; their
 * logic is checked here, offline.
 */
describe('the API probe signs requests with SigV4', () => {
  // The "get-vanilla" case of AWS's Signature Version 4 test suite: GET / on
  // example.amazonaws.com, service "service", us-east-1, 2015-08-30T12:36:00Z.
  test('reproduces the signature of the AWS test suite\'s get-vanilla request', async () => {
    const headers = await signedHeaders('https://example.amazonaws.com/', {
      region: 'us-east-1',
      service: 'service',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      signingDate: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers.authorization).toEqual(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
      'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
    expect(headers['x-amz-date']).toEqual('20150830T123600Z');
  });

  test('signs for API Gateway by default, with the session token', async () => {
    const headers = await signedHeaders('https://api.example.com/orders/items?page=2', {
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      signingDate: new Date('2026-12-05T00:00:00Z'),
    });
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261205\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, /);
    expect(headers['x-amz-security-token']).toEqual('token');
  });

  test('its SHA-256 is SHA-256, and an HMAC with a secret', async () => {
    const plain = new NodeSha256();
    plain.update('abc');
    expect(Buffer.from(await plain.digest()).toString('hex')).toEqual('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const keyed = new NodeSha256(new TextEncoder().encode('key'));
    keyed.update(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'));
    expect(Buffer.from(await keyed.digest()).toString('hex')).toEqual('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });
});

describe('the database probe creates its application user', () => {
  test('allowed IAM sign-in (rds_iam), and again without error', async () => {
    const db = new PGlite();
    await db.query('CREATE ROLE rds_iam');
    for (let run = 0; run < 2; run++) {
      for (const statement of createIamUserStatements(PROBE_USER)) {
        await db.query(statement);
      }
    }
    const { rows } = await db.query<{ member: boolean; login: boolean }>(
      `SELECT pg_has_role('${PROBE_USER}', 'rds_iam', 'MEMBER') AS member, rolcanlogin AS login FROM pg_roles WHERE rolname = '${PROBE_USER}'`);
    expect(rows).toEqual([{ member: true, login: true }]);
    await db.close();
    // Starting PostgreSQL in WebAssembly takes seconds on a busy machine (as the migration test allows for).
  }, 60_000);

  test('refuses a user name it would have to quote', () => {
    expect(() => createIamUserStatements('app; DROP ROLE x')).toThrow(new Error("Not a plain PostgreSQL user name: 'app; DROP ROLE x'."));
  });
});
