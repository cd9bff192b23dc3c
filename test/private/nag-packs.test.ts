import { isReasonGiven, MIN_REASON_LENGTH, NAG_PACK_NAMES, ruleIds } from '../../src/private/nag-packs';

test('a reason counts from 10 characters, surrounding blanks not counted', () => {
  expect(MIN_REASON_LENGTH).toBe(10);
  expect(isReasonGiven('0123456789')).toBe(true);
  expect(isReasonGiven('012345678')).toBe(false);
  expect(isReasonGiven('   012345678   ')).toBe(false);
  expect(isReasonGiven(' '.repeat(20))).toBe(false);
});

test('rule ids in the framework packs by default, or in the packs named', () => {
  expect(ruleIds('S3BucketReplicationEnabled')).toEqual([
    'HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R4-S3BucketReplicationEnabled',
    'NIST.800.53.R5-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
  ]);
  expect(ruleIds('APIGWSSLEnabled', ['HIPAA.Security', 'PCI.DSS.321'])).toEqual(['HIPAA.Security-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled']);
  expect(NAG_PACK_NAMES).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless']);
});
