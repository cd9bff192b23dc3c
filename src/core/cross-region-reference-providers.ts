import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { scopeProviderLogs } from './provider-logs';
import { crossRegionReferenceProviders } from '../private/cdk-internals';
import { addResourceDependency } from '../private/renamed-apis';

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
        for (const { provider, purpose, resources } of crossRegionReferenceProviders(stack)) {
          const scoped = scopeProviderLogs(provider, purpose, retention);
          // The function must find its permissions in place the first time it runs.
          resources.forEach((resource) => scoped && addResourceDependency(resource, scoped.policy));
        }
      }
      return [];
    },
  });
}
