import { App, Stack, Tags } from 'aws-cdk-lib';
import { ReplicaBucket, ReplicatedBucket } from '../../src';

/** Stack name → the resources of aws-cdk-lib's cross-region reference providers, which aws-cdk-lib adds after the aspects ran. */
function providerResources(tag: boolean): Record<string, Array<[string, any]>> {
  const app = new App();
  if (tag) {
    Tags.of(app).add('team', 'payments');
  }
  const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { account: '111111111111', region: 'eu-central-1' } }), 'Replica');
  const storage = new Stack(app, 'Storage', { env: { account: '111111111111', region: 'eu-west-1' }, crossRegionReferences: true });
  new ReplicatedBucket(storage, 'Uploads', { destinations: [{ bucket: replica.bucket }] });
  const assembly = app.synth();
  return Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName,
    Object.entries<any>(stack.template.Resources).filter(([id]) => id.startsWith('CustomCrossRegionExport'))]));
}

describe('the resources of the cross-region reference providers', () => {
  test('carry the tags the app gives its stacks, although aws-cdk-lib adds them after every aspect', () => {
    const byStack = providerResources(true);
    const all = Object.values(byStack).flat();
    // The reader in the consumer's stack, the writer in the replica's: a key, a log group, a policy, a role and a function each.
    expect(all.map(([, resource]) => resource.Type).sort()).toEqual([
      'AWS::IAM::ManagedPolicy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::KMS::Key',
      'AWS::Lambda::Function', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup',
    ]);
    for (const [id, resource] of all.filter(([, r]) => r.Type !== 'AWS::IAM::ManagedPolicy')) {
      expect([id, resource.Properties.Tags]).toEqual([id, expect.arrayContaining([{ Key: 'team', Value: 'payments' }])]);
    }
  });

  test('without tags on the app, none are added', () => {
    for (const [id, resource] of Object.values(providerResources(false)).flat()) {
      expect([id, resource.Properties.Tags]).toEqual([id, undefined]);
    }
  });
});
