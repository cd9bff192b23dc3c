import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagAcknowledgment } from './nag-acknowledgment';
import { isReasonGiven, MIN_REASON_LENGTH } from '../private/nag-packs';

const CDK_NAG_V2_METADATA_KEY = 'cdk_nag';

/**
 * Records acknowledgments on `resource` so that they hold for users on either
 * cdk-nag major without the library depending on cdk-nag at run time:
 *
 * - cdk-nag 2 reads `cdk_nag.rules_to_suppress` from the resource's CloudFormation metadata;
 * - cdk-nag 3 reads `Validations.of(construct).acknowledge(...)`, which aws-cdk-lib
 *   records as `aws:cdk:acknowledged-rules` construct metadata.
 *
 * Existing `rules_to_suppress` entries (the user's own) are kept.
 */
export function acknowledgeNagRules(resource: CfnResource, ...acknowledgments: NagAcknowledgment[]): void {
  for (const ack of acknowledgments) {
    if (!isReasonGiven(ack.reason)) {
      throw new Error(`The acknowledgment of ${ack.id} on ${resource.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters, got: '${ack.reason}'.`);
    }
  }

  const existing = resource.getMetadata(CDK_NAG_V2_METADATA_KEY)?.rules_to_suppress ?? [];
  const known = new Set(existing.map((rule: unknown) => JSON.stringify(rule)));
  const added = acknowledgments
    .map((ack) => (ack.appliesTo ? { id: ack.id, reason: ack.reason, applies_to: ack.appliesTo } : { id: ack.id, reason: ack.reason }))
    .filter((rule) => !known.has(JSON.stringify(rule)));
  resource.addMetadata(CDK_NAG_V2_METADATA_KEY, { rules_to_suppress: [...existing, ...added] });

  for (const ack of acknowledgments) {
    if (!ack.appliesTo) {
      Validations.of(resource).acknowledge({ id: ack.id, reason: ack.reason });
      continue;
    }
    // cdk-nag 3 names a granular finding `Rule[finding]`. Findings often hold
    // '::' (`Resource::arn:aws:s3:::name/*`), which Validations.acknowledge()
    // rejects as a malformed prefix, so record them in the same metadata it
    // writes, with the prefix cdk-nag 3 strips.
    const findings: Record<string, string> = {};
    for (const finding of ack.appliesTo) {
      findings[`annotation::${ack.id}[${finding}]`] = ack.reason;
    }
    resource.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, findings);
  }
}

const WILDCARD_RULE = 'AwsSolutions-IAM5';

/**
 * Acknowledges AwsSolutions-IAM5 for the object-level resources of a policy
 * (ARNs ending in `/*`, such as `arn:aws:s3:::bucket/*`) and for nothing else:
 * wildcard actions and a bare `Resource: '*'` stay findings.
 *
 * cdk-nag 2 gets a regex that matches only resources ending in `/*`. cdk-nag 3
 * gets the exact finding ids (see `acknowledgeWildcardFindings`).
 */
export function acknowledgeObjectWildcards(policy: iam.CfnManagedPolicy | iam.CfnPolicy, reason: string): void {
  acknowledgeResourceWildcards(policy, reason, '/^Resource::.+\\/\\*$/',
    (finding) => finding.startsWith('Resource::') && finding.endsWith('/*') && finding.length > 'Resource::/*'.length);
}

/**
 * Acknowledges AwsSolutions-IAM5 for the CloudWatch Logs log streams of a
 * policy named by a prefix (`…:log-group:<name>:log-stream:<prefix>*`) and
 * for nothing else.
 */
export function acknowledgeLogStreamWildcards(policy: iam.CfnManagedPolicy | iam.CfnPolicy, reason: string): void {
  acknowledgeResourceWildcards(policy, reason, '/^Resource::arn:.+:log-group:[^*]+:log-stream:[^*]+\\*$/',
    (finding) => /^Resource::arn:.+:log-group:[^*]+:log-stream:[^*]+\*$/.test(finding));
}

/** cdk-nag 2 gets `v2Regex` over the finding; cdk-nag 3 the exact findings `select` keeps. */
function acknowledgeResourceWildcards(
  policy: iam.CfnManagedPolicy | iam.CfnPolicy,
  reason: string,
  v2Regex: string,
  select: (finding: string) => boolean,
): void {
  const existing = policy.getMetadata(CDK_NAG_V2_METADATA_KEY)?.rules_to_suppress ?? [];
  policy.addMetadata(CDK_NAG_V2_METADATA_KEY, {
    rules_to_suppress: [...existing, { id: WILDCARD_RULE, reason, applies_to: [{ regex: v2Regex }] }],
  });
  acknowledgeWildcardFindings(policy, reason, select);
}

/**
 * Acknowledges, for cdk-nag 3, the AwsSolutions-IAM5 findings of a policy that
 * `select` keeps (all of them by default). cdk-nag 3 matches exact finding ids
 * (`AwsSolutions-IAM5[Action::s3:*]`, `AwsSolutions-IAM5[Resource::*]`), and
 * an acknowledgment of the whole rule does not cover them, whereas cdk-nag 2
 * lets a whole-rule suppression cover every finding. The ids name resources as
 * they read after cross-stack references are resolved, so they are written in
 * a validation, which runs after references are resolved and before cdk-nag 3
 * validates.
 */
export function acknowledgeWildcardFindings(
  policy: iam.CfnManagedPolicy | iam.CfnPolicy,
  reason: string,
  select: (finding: string) => boolean = () => true,
): void {
  policy.node.addValidation({
    validate: () => {
      const findings: Record<string, string> = {};
      for (const finding of wildcardFindings(Stack.of(policy).resolve(policy.policyDocument)).filter(select)) {
        findings[`annotation::${WILDCARD_RULE}[${finding}]`] = reason;
      }
      if (Object.keys(findings).length > 0) {
        policy.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, findings);
      }
      return [];
    },
  });
}

/**
 * The AwsSolutions-IAM5 findings of a resolved policy document, named as
 * cdk-nag names them: `Action::<action>` for each allowed action that holds
 * `*`, `Resource::<resource>` for each allowed resource that holds `*`.
 */
export function wildcardFindings(document: { Statement?: any[] } | undefined): string[] {
  const findings = new Set<string>();
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    for (const action of ([] as unknown[]).concat(statement.Action ?? [])) {
      if (typeof action === 'string' && action.includes('*')) {
        findings.add(`Action::${action}`);
      }
    }
    for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
      const flat = flattenLikeCdkNag(resource);
      if (flat.includes('*')) {
        findings.add(`Resource::${flat}`);
      }
    }
  }
  return [...findings];
}

/** Flattens a CloudFormation expression the way cdk-nag names findings (`<Logical.Arn>/*`). */
export function flattenLikeCdkNag(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const value = node as Record<string, any>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'];
    return (items as unknown[]).map(flattenLikeCdkNag).join(delimiter);
  }
  if (value['Fn::Sub']) {
    return flattenLikeCdkNag(value['Fn::Sub']);
  }
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'];
    return `<${flattenLikeCdkNag(resource)}.${flattenLikeCdkNag(attribute)}>`;
  }
  if (value['Fn::ImportValue']) {
    return flattenLikeCdkNag(value['Fn::ImportValue']);
  }
  if (value.Ref) {
    return `<${flattenLikeCdkNag(value.Ref)}>`;
  }
  return JSON.stringify(node);
}
