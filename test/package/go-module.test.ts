import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * jsii-pacmak writes the Go module's go.mod with every Go module it depends on
 * at the npm version installed here. aws-cdk-go v<aws-cdk-lib version> requires
 * the cloud-assembly-schema Go module at the floor of aws-cdk-lib's own range
 * for it, which is what the Go module proxy serves. The dev dependency in
 * .projenrc.ts keeps npm at that floor; this fails when aws-cdk-lib moves and
 * the dev dependency does not, before `npx projen package:go` would.
 */
describe('the Go module can be built', () => {
  const pkg = readJson(path.join(ROOT, 'package.json'));
  const cdkLib = readJson(require.resolve('aws-cdk-lib/package.json'));
  const schemaRange: string = cdkLib.dependencies['@aws-cdk/cloud-assembly-schema'];

  test('aws-cdk-lib is the pinned development version', () => {
    expect(cdkLib.version).toBe(pkg.devDependencies['aws-cdk-lib']);
  });

  test('npm installs @aws-cdk/cloud-assembly-schema at the floor of the range aws-cdk-lib declares', () => {
    expect(schemaRange).toMatch(/^\^\d+\.\d+\.\d+$/);
    const floor = schemaRange.slice(1);
    expect(pkg.devDependencies['@aws-cdk/cloud-assembly-schema']).toBe(floor);
    const installed = readJson(path.join(ROOT, 'node_modules', '@aws-cdk', 'cloud-assembly-schema', 'package.json'));
    expect(installed.version).toBe(floor);
  });
});
