import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Profile, SecureTable } from '../../src';
import { ENV, expectPavedRoad } from '../serverless-fixture';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

function build(props: Partial<ConstructorParameters<typeof SecureTable>[2]> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  const table = new SecureTable(stack, 'Table', { partitionKey, ...props });
  return { app, stack, table, template: Template.fromStack(stack) };
}

describe('SecureTable defaults (PRODUCTION)', () => {
  const { app, stack, table, template } = build({});
  const [resource] = Object.values<any>(template.findResources('AWS::DynamoDB::GlobalTable'));
  const replica = resource.Properties.Replicas[0];

  test('encrypted with its own customer-managed key, with rotation on', () => {
    expect(resource.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^TableKey/), 'Arn'] } });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(table.tableKey).toBeDefined();
  });

  test('point-in-time recovery, deletion protection and RETAIN', () => {
    expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replica.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toEqual('Retain');
    expect(resource.UpdateReplacePolicy).toEqual('Retain');
  });

  test('on demand, with contributor insights', () => {
    expect(resource.Properties.BillingMode).toEqual('PAY_PER_REQUEST');
    expect(resource.Properties.WriteOnDemandThroughputSettings).toBeUndefined();
    expect(replica.ContributorInsightsSpecification).toEqual({ Enabled: true });
  });

  test('an explicit AWS Backup plan (daily, 35 days) and a selection of this table with its own role', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 35 } })] } });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }], IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TableBackupRole'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TableKey'), 'Arn'] } });
  });

  void app; void stack; void table;
});

describe('SecureTable grants', () => {
  test('write customer-managed policies, through DynamoDB only for the key', () => {
    const { app, stack, table } = build();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    table.grantReadWriteData(role);
    expectPavedRoad(app, stack);
    const after = Template.fromStack(stack);
    after.resourceCountIs('AWS::IAM::Policy', 0);
    after.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } } })]) },
    });
  });
});

test('DEVELOPMENT: on demand capped at 1,000 request units a second, no contributor insights', () => {
  const { template } = build({ profile: Profile.DEVELOPMENT });
  const [resource] = Object.values<any>(template.findResources('AWS::DynamoDB::GlobalTable'));
  expect(resource.Properties.WriteOnDemandThroughputSettings).toEqual({ MaxWriteRequestUnits: 1000 });
  expect(resource.Properties.Replicas[0].ReadOnDemandThroughputSettings).toEqual({ MaxReadRequestUnits: 1000 });
  expect(resource.Properties.Replicas[0].ContributorInsightsSpecification).toEqual({ Enabled: false });
});

test('awsBackup: false leaves the plan out', () => {
  build({ awsBackup: false }).template.resourceCountIs('AWS::Backup::BackupPlan', 0);
});

test('a table name that DynamoDB refuses', () => {
  const stack = new Stack(new App(), 'Workload', { env: ENV });
  expect(() => new SecureTable(stack, 'Table', { partitionKey, tableName: 'a b' }))
    .toThrow(new Error('`tableName` must be 3 to 255 letters, digits, \'_\', \'-\' or \'.\', got: \'a b\'.'));
  expect(stack.node.children).toHaveLength(0);
});

test('an environment-agnostic stack, where the replica key cannot be named', () => {
  const stack = new Stack(new App(), 'Agnostic');
  expect(() => new SecureTable(stack, 'Table', { partitionKey }))
    .toThrow(new Error('A SecureTable needs a stack with a region (`env.region`), got the environment-agnostic stack Agnostic: ' +
      'DynamoDB names the customer-managed key of each replica of a global table by region.'));
  expect(stack.node.children).toHaveLength(0);
});
