import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiFirewall, MultiAzDatabase, Profile, ReplicaBucket, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../../src';
import { expectCompliant } from '../compliance';

/** Every construct whose defaults depend on the profile, in one stack; cross-region replication needs known regions. */
function buildAll(app: App, profile?: Profile) {
  const replicaStack = new Stack(app, 'Replica', { env: { account: '123456789012', region: 'eu-central-1' } });
  const replica = new ReplicaBucket(replicaStack, 'Replica');
  const stack = new Stack(app, 'Workload', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
  const network = new ThreeTierVpc(stack, 'Network', { profile });
  new MultiAzDatabase(stack, 'Database', { vpc: network.vpc, profile });
  new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket }], profile });
  const api = new SecureRestApi(stack, 'Api', { profile });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return { stack, template: Template.fromStack(stack) };
}

function shape(template: Template) {
  const resources = Object.values<any>(template.toJSON().Resources);
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const retention = (prefix: RegExp) => [...new Set(Object.entries<any>(template.findResources('AWS::Logs::LogGroup'))
    .filter(([id]) => prefix.test(id)).map(([, r]) => r.Properties.RetentionInDays))];
  return {
    natGateways: ofType('AWS::EC2::NatGateway').length,
    auroraInstances: ofType('AWS::RDS::DBInstance').length,
    instanceClasses: [...new Set(ofType('AWS::RDS::DBInstance').map((r) => r.Properties.DBInstanceClass))],
    replicationTimeControl: ofType('AWS::S3::Bucket').flatMap((b) => b.Properties.ReplicationConfiguration?.Rules ?? [])
      .map((rule: any) => rule.Destination.ReplicationTime?.Status ?? 'off'),
    flowLogRetention: retention(/^NetworkFlowLogs/),
    databaseLogRetention: retention(/^DatabasePostgresqlLog/),
    apiLogRetention: retention(/^Api(AccessLogs|ExecutionLogs|WebAclLogs)/),
    wafRateLimit: ofType('AWS::WAFv2::WebACL').map((acl) => acl.Properties.Rules.at(-1).Statement.RateBasedStatement.Limit),
  };
}

const PRODUCTION_SHAPE = {
  natGateways: 3,
  auroraInstances: 3,
  instanceClasses: ['db.r6g.large'],
  replicationTimeControl: ['Enabled'],
  flowLogRetention: [365],
  databaseLogRetention: [365],
  apiLogRetention: [365],
  wafRateLimit: [2000],
};

const DEVELOPMENT_SHAPE = {
  natGateways: 1,
  auroraInstances: 2,
  instanceClasses: ['db.t4g.medium'],
  replicationTimeControl: ['off'],
  // A year in both profiles: AWS Control Tower's CT.CLOUDWATCH.PR.2 refuses
  // a log group kept less than 365 days, in development accounts too.
  flowLogRetention: [365],
  databaseLogRetention: [365],
  apiLogRetention: [365],
  wafRateLimit: [500],
};

describe('Profile', () => {
  test('PRODUCTION is the default', () => {
    expect(shape(buildAll(new App()).template)).toEqual(PRODUCTION_SHAPE);
  });

  test('DEVELOPMENT, given to each construct', () => {
    expect(shape(buildAll(new App(), Profile.DEVELOPMENT).template)).toEqual(DEVELOPMENT_SHAPE);
  });

  test('DEVELOPMENT, set once for the app through context', () => {
    expect(shape(buildAll(new App({ context: { 'cdk-paved-road:profile': 'development' } })).template)).toEqual(DEVELOPMENT_SHAPE);
  });

  test('DEVELOPMENT, set once with Profile.setFor before constructs are added', () => {
    const app = new App();
    Profile.setFor(app, Profile.DEVELOPMENT);
    expect(Profile.of(app)).toBe(Profile.DEVELOPMENT);
    expect(shape(buildAll(app).template)).toEqual(DEVELOPMENT_SHAPE);
  });

  test('a construct\'s profile prop wins over the context', () => {
    const app = new App({ context: { 'cdk-paved-road:profile': 'development' } });
    expect(shape(buildAll(app, Profile.PRODUCTION).template)).toEqual(PRODUCTION_SHAPE);
  });

  test('explicit props win over the profile', () => {
    const app = new App({ context: { 'cdk-paved-road:profile': 'development' } });
    const stack = new Stack(app, 'Explicit');
    const network = new ThreeTierVpc(stack, 'Network', { natGateways: 3, logs: { retention: logs.RetentionDays.ONE_YEAR } });
    new MultiAzDatabase(stack, 'Database', {
      vpc: network.vpc,
      readers: 2,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE),
      logs: { retention: logs.RetentionDays.ONE_YEAR },
    });
    const api = new SecureRestApi(stack, 'Api', {
      logs: { retention: logs.RetentionDays.ONE_YEAR },
      firewall: ApiFirewall.managedRules({ requestsPerIpPer5Minutes: 2000 }),
    });
    api.root.addMethod('GET', new apigw.MockIntegration());
    const result = shape(Template.fromStack(stack));
    expect(result).toEqual(expect.objectContaining({
      natGateways: 3,
      auroraInstances: 3,
      instanceClasses: ['db.r6g.xlarge'],
      flowLogRetention: [365],
      databaseLogRetention: [365],
      apiLogRetention: [365],
      wafRateLimit: [2000],
    }));
  });

  test('security controls are the same in both profiles', () => {
    for (const profile of [Profile.DEVELOPMENT, Profile.PRODUCTION]) {
      const { template } = buildAll(new App(), profile);
      template.hasResourceProperties('AWS::RDS::DBCluster', { StorageEncrypted: true, DeletionProtection: true, EnableIAMDatabaseAuthentication: true });
      template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true });
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    }
  });

  test('DEVELOPMENT has zero findings in all six packs too', () => {
    const { stack } = buildAll(new App(), Profile.DEVELOPMENT);
    expectCompliant(stack);
  });

  test('an unknown profile in context is a clear error, before anything is created', () => {
    const app = new App({ context: { 'cdk-paved-road:profile': 'staging' } });
    const stack = new Stack(app, 'Stack');
    expect(() => new ThreeTierVpc(stack, 'Network')).toThrow(new Error(
      'The `cdk-paved-road:profile` context must be \'development\' or \'production\', got: \'staging\'.'),
    );
    expect(stack.node.tryFindChild('Network')).toBeUndefined();
  });
});
