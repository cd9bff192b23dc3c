/**
 * PermissionsBoundary.protectAuditTrail(): the deny that keeps principals
 * below the boundary from deleting or loosening an AuditTrail's bucket, log
 * group and key, and the cases it refuses (a second trail, a trail already
 * given as `auditTrail`, a trail or replica outside `allowedRegions`).
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AuditTrail, PermissionsBoundary, PermissionsBoundaryProps, ReplicaBucket } from '../../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * What principals below the boundary may still do to the trail's destinations:
 * read them, and add events to the log group (CloudTrail's CloudWatch Logs role
 * may carry the boundary). Written out here, not imported: a change to the list
 * is a change to what the boundary lets through.
 */
const ALLOWED_ON_DESTINATIONS = [
  's3:Get*', 's3:List*',
  'logs:Describe*', 'logs:Get*', 'logs:List*', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:StartLiveTail',
  'logs:CreateLogStream', 'logs:PutLogEvents',
  'kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:Decrypt',
];

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/** A stack with a boundary and then a trail named `audit`, as the three-tier example builds them. */
function boundaryAndTrail(props: Partial<PermissionsBoundaryProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Audit', { env: ENV });
  const boundary = new PermissionsBoundary(stack, 'Boundary', {
    services: ['s3', 'logs', 'kms'],
    managedPolicyName: 'paved-road-boundary',
    ...props,
  });
  const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit' });
  return { app, stack, boundary, trail };
}

/** The boundary's statements, resolved. */
/** A CloudFormation expression of pseudo parameters, evaluated for the stack Audit in 123456789012 and eu-west-1. */
function evaluate(node: any): any {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': '123456789012',
    'AWS::Region': 'eu-west-1',
    'AWS::StackId': 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Audit/0a1b2c3d-1111-2222-3333-444455556666',
  };
  if (Array.isArray(node)) {
    return node.map(evaluate);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  if ('Ref' in node) {
    if (!(node.Ref in pseudo)) {
      throw new Error(`a reference to the resource ${node.Ref}`);
    }
    return pseudo[node.Ref];
  }
  if ('Fn::Join' in node) {
    return evaluate(node['Fn::Join'][1]).join(node['Fn::Join'][0]);
  }
  if ('Fn::Select' in node) {
    return evaluate(node['Fn::Select'][1])[node['Fn::Select'][0]];
  }
  if ('Fn::Split' in node) {
    return String(evaluate(node['Fn::Split'][1])).split(node['Fn::Split'][0]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, evaluate(value)]));
}

function statementsOf(boundary: PermissionsBoundary): any[] {
  const policy = boundary.policy.node.defaultChild as iam.CfnManagedPolicy;
  return Stack.of(boundary).resolve(policy.policyDocument).Statement;
}

/** A trail whose default replica is replaced by a ReplicaBucket in `replicaRegion`, and a boundary beside the trail. */
function trailReplicatedTo(replicaRegion: string, allowedRegions: string[]) {
  const app = new App();
  const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: replicaRegion }, crossRegionReferences: true }), 'Replica');
  const stack = new Stack(app, 'Audit', { env: ENV, crossRegionReferences: true });
  const boundary = new PermissionsBoundary(stack, 'Boundary', { services: ['s3'], allowedRegions });
  const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit', destinations: [{ bucket: replica.bucket }] });
  return { boundary, trail };
}

/** The dependency cycles of a template: CloudFormation orders resources by Ref, Fn::GetAtt, Fn::Sub and DependsOn. */
function dependencyCycles(template: any): string[][] {
  const resources = template.Resources as Record<string, any>;
  const referenced = (node: unknown, found: Set<string>): Set<string> => {
    if (Array.isArray(node)) {
      node.forEach((item) => referenced(item, found));
    } else if (node && typeof node === 'object') {
      const value = node as Record<string, any>;
      if (typeof value.Ref === 'string') {
        found.add(value.Ref);
      }
      if (Array.isArray(value['Fn::GetAtt'])) {
        found.add(value['Fn::GetAtt'][0]);
      }
      if (typeof value['Fn::Sub'] === 'string') {
        for (const match of (value['Fn::Sub'] as string).matchAll(/\$\{([^}.!]+)/g)) {
          found.add(match[1]);
        }
      }
      Object.values(value).forEach((item) => referenced(item, found));
    }
    return found;
  };
  const edges = Object.fromEntries(Object.entries(resources).map(([id, resource]) => {
    const found = referenced(resource.Properties ?? {}, new Set([...[resource.DependsOn ?? []].flat()]));
    return [id, [...found].filter((target) => target in resources)];
  }));
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges[id]) {
      if (state.get(next) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(id, 'done');
  };
  Object.keys(edges).forEach((id) => state.has(id) || visit(id));
  return cycles;
}

describe('PermissionsBoundary.protectAuditTrail', () => {
  test('adds one deny of everything but reads and log delivery on the trail\'s bucket, objects, log group (and streams), and one on its tagged key', () => {
    const { stack, boundary, trail } = boundaryAndTrail();
    const before = statementsOf(boundary);
    boundary.protectAuditTrail(trail);
    const after = statementsOf(boundary);
    expect(after.slice(0, before.length)).toEqual(before);
    const template = Template.fromStack(stack).toJSON().Resources;
    const bucketName = evaluate(template[logicalIdOf(trail.bucket.bucket)].Properties.BucketName);
    const logGroupName = evaluate(template[logicalIdOf(trail.logGroup)].Properties.LogGroupName);
    expect(evaluate(after.slice(before.length))).toEqual([
      {
        Sid: 'TrailDestinations',
        Effect: 'Deny',
        NotAction: ALLOWED_ON_DESTINATIONS,
        Resource: [
          `arn:aws:s3:::${bucketName}`,
          `arn:aws:s3:::${bucketName}/*`,
          `arn:aws:logs:eu-west-1:123456789012:log-group:${logGroupName}`,
          `arn:aws:logs:eu-west-1:123456789012:log-group:${logGroupName}:*`,
        ],
      },
      {
        Sid: 'TrailKey',
        Effect: 'Deny',
        NotAction: ALLOWED_ON_DESTINATIONS,
        Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
        Condition: { StringEquals: { 'aws:ResourceTag/cdk-paved-road:audit-trail': 'audit' } },
      },
    ]);
    // The key carries the tag the deny names.
    expect(template[logicalIdOf(trail.encryptionKey)].Properties.Tags).toEqual([{ Key: 'cdk-paved-road:audit-trail', Value: 'audit' }]);
    // No reference to a resource: the roles the boundary bounds (the bucket's replication role among them) must not come before it.
    expect(JSON.stringify(after)).not.toMatch(/"Fn::GetAtt"|"Ref":"(?!AWS::)/);
  });

  test('a second trail is refused, and the boundary keeps protecting the first only', () => {
    const { stack, boundary, trail } = boundaryAndTrail();
    boundary.protectAuditTrail(trail);
    const other = new AuditTrail(stack, 'Other');
    const before = statementsOf(boundary);
    expect(() => boundary.protectAuditTrail(other)).toThrow(new Error('Audit/Boundary already protects an audit trail\'s destinations '
      + '(`auditTrail` or an earlier `protectAuditTrail()`); got Audit/Other. A boundary protects one trail.'));
    expect(statementsOf(boundary)).toEqual(before);
  });

  test('the same trail twice is refused too', () => {
    const { boundary, trail } = boundaryAndTrail();
    boundary.protectAuditTrail(trail);
    expect(() => boundary.protectAuditTrail(trail)).toThrow(new Error('Audit/Boundary already protects an audit trail\'s destinations '
      + '(`auditTrail` or an earlier `protectAuditTrail()`); got Audit/Trail. A boundary protects one trail.'));
    expect(statementsOf(boundary).filter((statement) => statement.Sid === 'TrailDestinations')).toHaveLength(1);
  });

  test('a boundary given `auditTrail` refuses it', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    const boundary = new PermissionsBoundary(stack, 'Boundary', {
      services: ['s3'],
      auditTrail: { bucket: s3.Bucket.fromBucketName(stack, 'OrganizationTrailBucket', 'org-trail-logs') },
    });
    const trail = new AuditTrail(stack, 'Trail');
    const before = statementsOf(boundary);
    expect(() => boundary.protectAuditTrail(trail)).toThrow(new Error('Audit/Boundary already protects an audit trail\'s destinations '
      + '(`auditTrail` or an earlier `protectAuditTrail()`); got Audit/Trail. A boundary protects one trail.'));
    expect(statementsOf(boundary)).toEqual(before);
  });

  // aws:RequestedRegion of a request to the bucket, the log group or the key is the region they are in: a boundary that
  // denies that region would stop log delivery and replication there, the very things it protects
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion).
  test('a trail in a region outside allowedRegions is refused, naming the region', () => {
    const { boundary, trail } = boundaryAndTrail({ allowedRegions: ['eu-central-1'] });
    const before = statementsOf(boundary);
    expect(() => boundary.protectAuditTrail(trail)).toThrow(new Error('`protectAuditTrail()` got Audit/Trail, whose log bucket or replicas '
      + 'are in \'eu-west-1\', outside the boundary\'s `allowedRegions` (\'eu-central-1\'). Add the region to `allowedRegions`, '
      + 'or keep the trail in an allowed one.'));
    expect(statementsOf(boundary)).toEqual(before);
  });

  test('a trail whose replica is in a region outside allowedRegions is refused, naming the replica\'s region', () => {
    const { boundary, trail } = trailReplicatedTo('eu-central-1', ['eu-west-1']);
    const before = statementsOf(boundary);
    expect(() => boundary.protectAuditTrail(trail)).toThrow(new Error('`protectAuditTrail()` got Audit/Trail, whose log bucket or replicas '
      + 'are in \'eu-central-1\', outside the boundary\'s `allowedRegions` (\'eu-west-1\'). Add the region to `allowedRegions`, '
      + 'or keep the trail in an allowed one.'));
    expect(statementsOf(boundary)).toEqual(before);
  });

  test('a trail and replica inside allowedRegions are protected', () => {
    const { boundary, trail } = trailReplicatedTo('eu-central-1', ['eu-central-1', 'eu-west-1']);
    boundary.protectAuditTrail(trail);
    expect(statementsOf(boundary).filter((statement) => statement.Sid === 'TrailDestinations')).toHaveLength(1);
  });

  test('a trail with its default replica inside allowedRegions is protected', () => {
    const { boundary, trail } = boundaryAndTrail({ allowedRegions: ['eu-west-1'] });
    boundary.protectAuditTrail(trail);
    expect(statementsOf(boundary).map((statement) => statement.Sid)).toContain('TrailDestinations');
  });

  // CloudFormation refuses a template whose resources depend on each other in a circle ("Circular dependency between
  // resources"; it orders them by Ref, Fn::GetAtt, Fn::Sub and DependsOn:
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).
  test('without protectAuditTrail, the boundary beside the trail and applied to the app makes no dependency cycle', () => {
    const { app, boundary, trail } = boundaryAndTrail();
    boundary.applyTo(app);
    const template = app.synth().getStackByName('Audit').template;
    // Roles in the boundary's stack are created after the boundary policy, which they name.
    expect(template.Resources[logicalIdOf(trail.bucket.replicationRole)].DependsOn).toEqual([logicalIdOf(boundary.policy)]);
    expect(dependencyCycles(template)).toEqual([]);
  });

  test('the boundary beside the trail, applied to the app, leaves the template deployable: no dependency cycle', () => {
    const { app, boundary, trail } = boundaryAndTrail();
    boundary.protectAuditTrail(trail);
    boundary.applyTo(app);
    const template = app.synth().getStackByName('Audit').template;
    expect(dependencyCycles(template)).toEqual([]);
  });
});
