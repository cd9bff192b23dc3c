import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Profile, ReplicatedBucket } from '../../src';
import { everyConstruct } from '../every-construct';
import { readBaseline, referenceAppSnapshot } from './reference-app';
import { createOnlyProperties, namedInChangelog, profileSwitchReplacements, Replacement, replacements, StatefulSnapshot, statefulResources } from './upgrade-guard';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function only<T>(app: App, type: new (...args: any[]) => T): T {
  const found = app.node.findAll().filter((construct): construct is any => construct instanceof type);
  expect(found).toHaveLength(1);
  return found[0];
}

function unannounced(found: Replacement[]): Replacement[] {
  const named = namedInChangelog(README);
  return found.filter((replacement) => !named.has(replacement.id));
}

describe('the upgrade guard on the reference app', () => {
  const baseline = readBaseline();
  let production: StatefulSnapshot;
  /** `<stack>/<logical id>` of the reference app's Aurora cluster. */
  let clusterId: string;
  beforeAll(() => {
    production = referenceAppSnapshot('production');
    const clusters = Object.entries(production.WebAppData).filter(([, resource]) => resource.type === 'AWS::RDS::DBCluster');
    expect(clusters).toHaveLength(1);
    clusterId = `WebAppData/${clusters[0][0]}`;
  });

  test('the baseline holds every kind of stateful resource the app has', () => {
    const types = new Set(Object.values(baseline.profiles.production).flatMap((stack) => Object.values(stack).map((resource) => resource.type)));
    expect([...types].sort()).toEqual([
      'AWS::Backup::BackupVault', 'AWS::EC2::Subnet', 'AWS::EC2::VPC', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::SecretsManager::Secret',
    ]);
  });

  test('this release replaces nothing stateful that the changelog does not name', () => {
    expect(unannounced(replacements(baseline.profiles.production, production)).map((r) => r.id)).toEqual([]);
  });

  test('fails on a renamed database: its logical id changed', () => {
    const renamed = referenceAppSnapshot('production', (app) => only(app, rds.CfnDBCluster).overrideLogicalId('RenamedDatabaseCluster'));
    const found = unannounced(replacements(production, renamed));
    // The instances name the cluster by a Ref to its logical id, so they are replaced with it.
    expect(found.map((replacement) => `${replacement.path}: ${replacement.why}`)).toEqual([
      'WebAppData/Database/Resource/Resource: logical id removed',
      'WebAppData/Database/Resource/Reader1/Resource: create-only DBClusterIdentifier changed',
      'WebAppData/Database/Resource/Reader2/Resource: create-only DBClusterIdentifier changed',
      'WebAppData/Database/Resource/Writer/Resource: create-only DBClusterIdentifier changed',
    ]);
    expect(found[0]).toEqual({ id: clusterId, type: 'AWS::RDS::DBCluster', path: 'WebAppData/Database/Resource/Resource', why: 'logical id removed' });
  });

  test('fails on a database given a new identifier: a create-only property changed', () => {
    const renamed = referenceAppSnapshot('production', (app) => only(app, rds.CfnDBCluster).addPropertyOverride('DBClusterIdentifier', 'orders-renamed'));
    expect(unannounced(replacements(production, renamed))[0]).toEqual(
      { id: clusterId, type: 'AWS::RDS::DBCluster', path: 'WebAppData/Database/Resource/Resource', why: 'create-only DBClusterIdentifier changed' },
    );
  });

  test('a change CloudFormation makes in place is no replacement', () => {
    const changed = referenceAppSnapshot('production', (app) => only(app, rds.CfnDBCluster).addPropertyOverride('BackupRetentionPeriod', 3));
    expect(replacements(production, changed)).toEqual([]);
  });

  test('a replacement the changelog names passes', () => {
    const renamed = referenceAppSnapshot('production', (app) => only(app, rds.CfnDBCluster).overrideLogicalId('RenamedDatabaseCluster'));
    const found = replacements(production, renamed);
    expect(found).toHaveLength(4);
    const changelog = `# x\n\n## Upgrading\n\n- **Renamed.** The cluster and its instances are replaced: ${found.map((r) => `\`${r.id}\``).join(', ')}.\n\n## License\n`;
    expect(found.filter((replacement) => !namedInChangelog(changelog).has(replacement.id))).toEqual([]);
  });
});

describe('the guard\'s parts', () => {
  test('create-only properties come from the CloudFormation resource schemas that cfn-lint ships', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html: "Update requires: Replacement".
    expect(createOnlyProperties('AWS::RDS::DBCluster')).toEqual(expect.arrayContaining(['/properties/DBClusterIdentifier', '/properties/KmsKeyId', '/properties/StorageEncrypted']));
    expect(createOnlyProperties('AWS::S3::Bucket')).toEqual(expect.arrayContaining(['/properties/BucketName']));
    expect(createOnlyProperties('AWS::S3::Bucket')).not.toContain('/properties/ObjectLockEnabled');
    expect(() => createOnlyProperties('AWS::Nothing::Here')).toThrow(new Error('cfn-lint\'s schemas do not know the resource type AWS::Nothing::Here.'));
  });

  test('only stateful types are kept, and a changed type is a replacement', () => {
    const before = statefulResources({ S: { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: {} }, Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'a' } } } } });
    expect(Object.keys(before.S)).toEqual(['Q']);
    const after = statefulResources({ S: { Resources: { Q: { Type: 'AWS::SNS::Topic', Properties: {} } } } });
    expect(replacements(before, after)).toEqual([{ id: 'S/Q', type: 'AWS::SQS::Queue', why: 'logical id removed' }]);
    const renamedQueue = statefulResources({ S: { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'b' } } } } });
    expect(replacements(before, renamedQueue)).toEqual([{ id: 'S/Q', type: 'AWS::SQS::Queue', why: 'create-only QueueName changed' }]);
  });

  test('the changelog names are the backticked <stack>/<logical id> of the Upgrading section only', () => {
    const readme = '# x\n\n`A/OutsideB1`\n\n## Upgrading\n\n- `Stack/Bucket1A2B` and `Other/Key9`, not `a.b/c` or `AWS::S3::Bucket`.\n\n## License\n\n`A/After1`\n';
    expect([...namedInChangelog(readme)]).toEqual(['Stack/Bucket1A2B', 'Other/Key9']);
    expect(() => namedInChangelog('# x\n')).toThrow(new Error('The README has no "## Upgrading" section.'));
  });
});

describe('switching the profile replaces nothing stateful', () => {
  function everyConstructIn(profile: Profile): StatefulSnapshot {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
    Profile.setFor(app, profile);
    everyConstruct(app);
    const assembly = app.synth();
    return statefulResources(Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack.template])));
  }

  test('every construct, either way', () => {
    const development = everyConstructIn(Profile.DEVELOPMENT);
    const production = everyConstructIn(Profile.PRODUCTION);
    expect(Object.values(production.Workload).length).toBeGreaterThan(40);
    expect(profileSwitchReplacements(development, production)).toEqual([]);
    // What is not counted: the Aurora reader that production adds.
    expect(replacements(production, development).map((r) => `${r.path}: ${r.why}`)).toEqual(['Workload/Aurora/Resource/Reader2/Resource: logical id removed']);
  });

  test('the reference app, either way', () => {
    const development = referenceAppSnapshot('development');
    const production = referenceAppSnapshot('production');
    expect(profileSwitchReplacements(development, production)).toEqual([]);
  });

  test('a bucket whose name depends on the profile would be caught', () => {
    let logicalId = '';
    const snapshot = (profile: Profile) => {
      const app = new App();
      Profile.setFor(app, profile);
      everyConstruct(app);
      const reports = app.node.findChild('Workload').node.findChild('Reports') as ReplicatedBucket;
      const bucket = reports.bucket.node.defaultChild as s3.CfnBucket;
      bucket.addPropertyOverride('BucketName', `reports-${profile.name}`);
      logicalId = Stack.of(bucket).getLogicalId(bucket);
      const assembly = app.synth();
      return statefulResources(Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack.template])));
    };
    expect(profileSwitchReplacements(snapshot(Profile.DEVELOPMENT), snapshot(Profile.PRODUCTION)).map((r) => `${r.id}: ${r.why}`)).toEqual([
      `Workload/${logicalId}: create-only BucketName changed`,
      `Workload/${logicalId}: create-only BucketName changed`,
    ]);
  });

  test('a database instance outside a cluster that one profile lacks would be caught', () => {
    const withInstance = statefulResources({ S: { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql' } } } } });
    const member = statefulResources({ S: { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'C' } } } } } });
    const without = statefulResources({ S: { Resources: {} } });
    expect(profileSwitchReplacements(withInstance, without)).toEqual([{ id: 'S/Db', type: 'AWS::RDS::DBInstance', why: 'logical id removed' }]);
    expect(profileSwitchReplacements(without, withInstance)).toEqual([{ id: 'S/Db', type: 'AWS::RDS::DBInstance', why: 'logical id removed' }]);
    expect(profileSwitchReplacements(member, without)).toEqual([]);
  });
});
