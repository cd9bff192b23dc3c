import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { auditStack, expectCompliant, NAG_PACK_NAMES } from './compliance';

/**
 * The harness must never pass vacuously: a deliberately weak stack has to
 * produce findings in every pack that covers S3, and expectCompliant must throw.
 */
describe('compliance harness', () => {
  function weakBucketStack(): Stack {
    const stack = new Stack(new App(), 'WeakStack');
    new s3.Bucket(stack, 'PlainBucket', {
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicAcls: false,
        blockPublicPolicy: false,
        ignorePublicAcls: false,
        restrictPublicBuckets: false,
      }),
      publicReadAccess: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return stack;
  }

  test('reports findings on an unencrypted, public bucket', () => {
    const report = auditStack(weakBucketStack());

    const rules = new Set(report.findings.map((f) => f.ruleId));
    expect(rules).toContain('AwsSolutions-S1');
    expect(rules).toContain('AwsSolutions-S10');
    expect(rules).toContain('HIPAA.Security-S3BucketPublicReadProhibited');
    expect(rules).toContain('NIST.800.53.R5-S3DefaultEncryptionKMS');
    expect(rules).toContain('PCI.DSS.321-S3BucketSSLRequestsOnly');
    // Every pack except Serverless (which has no S3 rules) finds something.
    for (const pack of NAG_PACK_NAMES.filter((name) => name !== 'Serverless')) {
      expect(report.findingsPerPack[pack]).toBeGreaterThan(0);
    }
    expect(report.findings.every((f) => f.path.startsWith('WeakStack/PlainBucket'))).toBe(true);
  });

  test('expectCompliant fails and names rule, path and message', () => {
    expect(() => expectCompliant(weakBucketStack())).toThrow(
      /open cdk-nag finding\(s\) on WeakStack:[\s\S]*ERROR AwsSolutions-S10 at WeakStack\/PlainBucket\/Resource: The S3 Bucket or bucket policy does not require requests to use SSL/,
    );
  });

  test('warnings fail the harness too, not only errors', () => {
    // AwsSolutions-VPC3 (a network ACL exists) is a warning-level rule.
    const stack = new Stack(new App(), 'WarnStack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new ec2.NetworkAcl(stack, 'Acl', { vpc });

    expect(() => expectCompliant(stack)).toThrow(/WARNING AwsSolutions-VPC3 at WarnStack\/Acl\/Resource: A Network ACL or Network ACL entry has been implemented/);
  });

  test('expectCompliant runs cdk-nag 3 too: a finding only cdk-nag 2 sees as suppressed still fails', () => {
    // cdk-nag 2 honours CloudFormation metadata (`cdk_nag.rules_to_suppress`); cdk-nag 3 reads only
    // Validations acknowledgments, so a suppression written for cdk-nag 2 alone leaves cdk-nag 3's finding open.
    const stack = new Stack(new App(), 'WarnStack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc });
    (acl.node.defaultChild as CfnResource).addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'AwsSolutions-VPC3', reason: 'Suppressed for cdk-nag 2 only.' }] });

    expect(auditStack(stack).findings.filter((f) => f.ruleId === 'AwsSolutions-VPC3')).toEqual([]);
    expect(() => expectCompliant(stack)).toThrow(/WARNING AwsSolutions-VPC3 at WarnStack\/Acl\/Resource \(cdk-nag 3\): A Network ACL or Network ACL entry has been implemented/);
  });

  test('a stack with nothing in it is compliant', () => {
    const stack = new Stack(new App(), 'EmptyStack');
    const report = expectCompliant(stack);
    expect(report.findings).toEqual([]);
  });
});
