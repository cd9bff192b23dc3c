import { CfnResource, Stack, TagManager } from 'aws-cdk-lib';
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
 *
 * Aspects have run by then, so `Tags.of(app)` never reached these resources:
 * each gets the tags of its stack here (what `Tags.of()` on the app or the
 * stack put there). cdk-nag 2's packs, also aspects, never see them; cdk-nag
 * 3's, validation plugins that read the synthesized app, do (README,
 * Acknowledgments).
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
          copyStackTags(stack, provider);
        }
      }
      return [];
    },
  });
}

/**
 * Gives every taggable resource under `scope` its stack's tags. aws-cdk-lib's
 * providers build their role and function as plain `CfnResource`s, without a
 * tag manager, so those get the tags as a `Tags` property.
 */
function copyStackTags(stack: Stack, scope: IConstruct): void {
  const tags = Object.entries(stack.tags.tagValues());
  if (tags.length === 0) {
    return;
  }
  for (const construct of scope.node.findAll()) {
    if (TagManager.isTaggable(construct)) {
      tags.forEach(([key, value]) => construct.tags.setTag(key, value));
    } else if (CfnResource.isCfnResource(construct) && TAGGED_PLAIN_TYPES.includes(construct.cfnResourceType)) {
      construct.addPropertyOverride('Tags', tags.map(([key, value]) => ({ Key: key, Value: value })));
    }
  }
}

/** The types of aws-cdk-lib's provider resources that take a `Tags` list (the role and the function). */
const TAGGED_PLAIN_TYPES = ['AWS::IAM::Role', 'AWS::Lambda::Function'];
