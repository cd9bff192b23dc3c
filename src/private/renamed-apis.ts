import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * aws-cdk-lib methods renamed inside the library's peer range: newer releases
 * add the new name and mark the old one deprecated (so `JSII_DEPRECATED=fail`
 * would stop a user's synth), older ones have only the old name. These call
 * whichever the installed aws-cdk-lib has; `npm run test:compat` runs the
 * suites on the newest release with deprecated APIs failing.
 */
interface WithRenamedDependencyMethods {
  addStackDependency?: (target: Stack, reason?: string) => void;
  addResourceDependency?: (target: CfnResource) => void;
}

/** `stack` deploys after `target` (`Stack#addStackDependency`, formerly `addDependency`). */
export function addStackDependency(stack: Stack, target: Stack, reason: string): void {
  const renamed = (stack as WithRenamedDependencyMethods).addStackDependency;
  if (renamed) {
    renamed.call(stack, target, reason);
  } else {
    stack.addDependency(target, reason);
  }
}

/**
 * `resource` gets a `DependsOn` on `target` now, also after the app has been
 * prepared (`CfnResource#addResourceDependency`, formerly `addDependency`).
 */
export function addResourceDependency(resource: CfnResource, target: CfnResource): void {
  const renamed = (resource as WithRenamedDependencyMethods).addResourceDependency;
  if (renamed) {
    renamed.call(resource, target);
  } else {
    resource.addDependency(target);
  }
}
