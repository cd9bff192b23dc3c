import * as fs from 'fs';
import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';

/**
 * Every place the library depends on how aws-cdk-lib builds things inside:
 * the ids of children it creates and its private fields. The peer range lets a
 * later minor release rename any of them, so nothing outside this file reaches
 * for them (test/private/cdk-internals.test.ts checks), and a lookup that
 * should find something and does not warns at synth, naming the aws-cdk-lib
 * version and what is missing, instead of silently doing nothing.
 */

/** The aws-cdk-lib release this synth runs on. */
export const AWS_CDK_LIB_VERSION: string = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;

/** The warning a lookup gives when aws-cdk-lib no longer builds what it expects. */
export const INTERNAL_NOT_FOUND_WARNING = 'cdk-paved-road:aws-cdk-lib-internal-not-found';

function warnMissing(scope: IConstruct, what: string, consequence: string): void {
  Annotations.of(scope).addWarningV2(INTERNAL_NOT_FOUND_WARNING,
    `${what} was not found under ${scope.node.path}: aws-cdk-lib ${AWS_CDK_LIB_VERSION} builds it differently from what cdk-paved-road expects, so ${consequence}. Please report this.`);
}

function cfnChild(scope: IConstruct, id: string): CfnResource | undefined {
  const child = scope.node.tryFindChild(id);
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/** The writer's DB instance of an Aurora cluster (the child `Writer`). Throws if aws-cdk-lib names it otherwise: the database cannot be built without it. */
export function auroraWriterInstance(cluster: rds.DatabaseCluster): rds.CfnDBInstance {
  const instance = cluster.node.tryFindChild('Writer')?.node.defaultChild;
  if (!(instance instanceof rds.CfnDBInstance)) {
    throw new Error(`The writer instance of ${cluster.node.path} (its child 'Writer') was not found: aws-cdk-lib ${AWS_CDK_LIB_VERSION} builds Aurora clusters differently from what cdk-paved-road expects. Please report this.`);
  }
  return instance;
}

/** The route to the internet gateway aws-cdk-lib adds to a public subnet (`DefaultRoute`); warns when it is missing. */
export function publicSubnetDefaultRoute(subnet: ec2.ISubnet): ec2.CfnRoute | undefined {
  const route = subnet.node.tryFindChild('DefaultRoute');
  if (!(route instanceof ec2.CfnRoute)) {
    warnMissing(subnet, 'The route to the internet gateway (DefaultRoute)', 'its cdk-nag acknowledgment is not recorded and the packs will report the route');
    return undefined;
  }
  return route;
}

/** A custom-resource provider's role and Lambda function, as aws-cdk-lib names them under the provider. */
export interface ProviderParts {
  readonly role: CfnResource;
  readonly handler: CfnResource;
}

/** The role and function of one of aws-cdk-lib's stack-level custom-resource providers; warns when they are missing. */
export function customResourceProviderParts(provider: IConstruct, purpose: string): ProviderParts | undefined {
  const role = cfnChild(provider, 'Role');
  const handler = cfnChild(provider, 'Handler');
  if (!role || !handler) {
    warnMissing(provider, `The role and function (Role, Handler) of the provider that ${purpose}`, 'its logs keep the AWS managed policy and are not encrypted');
    return undefined;
  }
  return { role, handler };
}

/** The id aws-cdk-lib gives its stack-wide provider for `restrictDefaultSecurityGroup`. */
const DEFAULT_SG_PROVIDER_ID = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/** What `restrictDefaultSecurityGroup` adds: the stack's provider and the VPC's custom resource; warns when they are missing. */
export function restrictDefaultSecurityGroupParts(vpc: ec2.Vpc): { provider: IConstruct; customResource: IConstruct } | undefined {
  const provider = Stack.of(vpc).node.tryFindChild(DEFAULT_SG_PROVIDER_ID);
  const customResource = vpc.node.tryFindChild('RestrictDefaultSecurityGroupCustomResource');
  if (!provider || !customResource) {
    warnMissing(vpc, 'The provider and custom resource that close the default security group', 'the provider\'s logs keep the AWS managed policy and are not encrypted');
    return undefined;
  }
  return { provider, customResource };
}

/** The providers aws-cdk-lib adds to a stack for `crossRegionReferences`, where it has added them, with the custom resources that use them. */
export function crossRegionReferenceProviders(stack: Stack): Array<{ provider: IConstruct; purpose: string; resources: CfnResource[] }> {
  return CROSS_REGION_PROVIDERS.flatMap(({ id, resourceType, purpose }) => {
    const provider = stack.node.tryFindChild(id);
    return provider ? [{
      provider,
      purpose,
      resources: stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === resourceType),
    }] : [];
  });
}

const CROSS_REGION_PROVIDERS = [
  {
    id: 'Custom::CrossRegionExportWriterCustomResourceProvider',
    resourceType: 'Custom::CrossRegionExportWriter',
    purpose: 'writes cross-region references to SSM parameters',
  },
  {
    id: 'Custom::CrossRegionExportReaderCustomResourceProvider',
    resourceType: 'Custom::CrossRegionExportReader',
    purpose: 'reads cross-region references from SSM parameters',
  },
];

/** Whether `addEventNotification()` was called on `bucket` (aws-cdk-lib then adds its BucketNotifications child, `Notifications`). */
export function hasBucketNotificationsResource(bucket: s3.Bucket): boolean {
  return bucket.node.tryFindChild('Notifications') !== undefined;
}

/** The resource's properties as they will be synthesized, overrides included, with tokens resolved. */
export function renderedProperties(resource: CfnResource): Record<string, any> {
  const render = (resource as unknown as { _toCloudFormation?: () => any })._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error(`${resource.node.path} cannot be rendered: aws-cdk-lib ${AWS_CDK_LIB_VERSION} no longer has CfnResource._toCloudFormation, which cdk-paved-road reads. Please report this.`);
  }
  const stack = Stack.of(resource);
  return stack.resolve(render.call(resource)).Resources?.[stack.getLogicalId(resource)]?.Properties ?? {};
}

/** The PermissionsBoundary a resource declares as a property or a raw override, whichever way it was set. */
export function declaredPermissionsBoundary(resource: CfnResource): unknown {
  const internals = resource as unknown as { _cfnProperties?: Record<string, unknown>; rawOverrides?: { Properties?: Record<string, unknown> } };
  if (!('_cfnProperties' in resource) || !('rawOverrides' in resource)) {
    warnMissing(resource, 'The declared properties (_cfnProperties, rawOverrides)', 'a permissions boundary set on it by other means may be replaced');
  }
  return internals.rawOverrides?.Properties?.PermissionsBoundary ?? internals._cfnProperties?.PermissionsBoundary;
}

/**
 * The start states of the graphs inside a Parallel or Map state: aws-cdk-lib
 * keeps a Parallel's branches in `_branches` until it joins a graph and in
 * `branches` after, and a Map's item processor in `processor` (`iteration`
 * for the deprecated iterator). Throws when a Parallel or Map holds none of
 * them: what an EXPRESS workflow may run cannot be checked without them.
 */
export function nestedStartStates(state: sfn.State): sfn.State[] {
  const inner = state as unknown as Record<string, unknown>;
  const nested = [inner.branches, inner._branches, [inner.iteration], [inner.processor]]
    .flatMap((value) => (Array.isArray(value) ? value : []))
    .filter((value): value is { startState: sfn.State } => typeof value === 'object' && value !== null && 'startState' in value)
    .map((graph) => graph.startState);
  if (nested.length === 0 && (state instanceof sfn.Parallel || state instanceof sfn.MapBase)) {
    throw new Error(`The branches or item processor of the state '${state.stateId}' were not found: aws-cdk-lib ${AWS_CDK_LIB_VERSION} keeps them ` +
      'differently from what cdk-paved-road expects, so the tasks an EXPRESS workflow may not run cannot be checked. Please report this.');
  }
  return nested;
}
