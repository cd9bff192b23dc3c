/**
 * The serverless constructs' shared test setting: a stack with a
 * ThreeTierVpc, a function factory, and the checks every one of them must
 * pass (all six cdk-nag packs under both majors, LeastPrivilegeChecks, and a
 * permissions boundary on every role).
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { expectCompliant } from './compliance';
import { LeastPrivilegeChecks, PermissionsBoundary, SecureFunction, SecureFunctionProps, ThreeTierVpc } from '../src';

export const ENV = { account: '111111111111', region: 'eu-west-1' };

export function serverlessStack(): { app: App; stack: Stack; network: ThreeTierVpc } {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  return { app, stack, network: new ThreeTierVpc(stack, 'Network') };
}

export function secureFunction(scope: Construct, id: string, network: ThreeTierVpc, props: Partial<SecureFunctionProps> = {}): SecureFunction {
  return new SecureFunction(scope, id, {
    vpc: network.vpc,
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    handler: 'index.handler',
    ...props,
  });
}

/**
 * Applies a boundary and LeastPrivilegeChecks to the app, then expects zero
 * open cdk-nag findings and no least-privilege finding in each of `stacks`,
 * and the boundary on every role of them.
 */
export function expectPavedRoad(app: App, ...stacks: Stack[]): void {
  const boundaryStack = new Stack(app, 'Boundary', { env: ENV });
  const boundary = new PermissionsBoundary(boundaryStack, 'Boundary', { services: ['s3', 'sqs', 'kms', 'logs', 'xray', 'ec2', 'sns', 'dynamodb'] });
  boundary.applyTo(app);
  Aspects.of(app).add(new LeastPrivilegeChecks());
  for (const stack of stacks) {
    expectCompliant(stack);
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('LeastPrivilege'))).toEqual([]);
  }
  const roles = stacks.flatMap((stack) => Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Role')));
  expect(roles.length).toBeGreaterThan(0);
  for (const [logicalId, role] of roles) {
    expect([logicalId, role.Properties.PermissionsBoundary]).toEqual([logicalId, expect.anything()]);
  }
}
