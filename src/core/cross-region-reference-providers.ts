import { CfnResource, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { scopeProviderLogs } from './provider-logs';
import { addResourceDependency } from '../private/renamed-apis';

/** The providers aws-cdk-lib adds for `crossRegionReferences`, and the custom resources that use them. */
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

const scopedRoots = new WeakSet<IConstruct>();

/**
 * Scopes the logs of the providers behind cross-region references in every
 * stack under `root` (see `scopeProviderLogs`). aws-cdk-lib creates those
 * providers while it prepares the app, after every aspect has run, so this
 * happens in a validation, which comes after. Registered once per root, on the
 * root, so that it runs before the validations that aspects register there
 * during synthesis (LeastPrivilegeChecks) and they see the scoped role.
 */
export function scopeCrossRegionReferenceProviders(root: IConstruct, retention: logs.RetentionDays): void {
  if (scopedRoots.has(root)) {
    return;
  }
  scopedRoots.add(root);
  root.node.addValidation({
    validate: () => {
      for (const stack of root.node.findAll().filter(Stack.isStack)) {
        for (const { id, resourceType, purpose } of CROSS_REGION_PROVIDERS) {
          const provider = stack.node.tryFindChild(id);
          const policy = provider && scopeProviderLogs(provider as Construct, purpose, retention);
          if (!policy) {
            continue;
          }
          // The function must find its permissions in place the first time it runs.
          stack.node.findAll()
            .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === resourceType)
            .forEach((resource) => addResourceDependency(resource, policy));
        }
      }
      return [];
    },
  });
}
