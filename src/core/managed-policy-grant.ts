import { Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeObjectWildcards } from './acknowledge';

/** Options of `grantWithManagedPolicy`. */
export interface ManagedPolicyGrantOptions {
  /** Conditions on the statement. @default - none */
  readonly conditions?: Record<string, Record<string, unknown>>;
  /**
   * Acknowledge AwsSolutions-IAM5 for the object ARNs (`.../*`) in the managed
   * policy, with this reason. Only for grants whose objects cannot be named.
   * @default - no acknowledgment
   */
  readonly objectWildcardReason?: string;
}

/** The grant policies made so far, per role and granting construct. */
const grantPolicies = new WeakMap<iam.Role, Map<string, iam.ManagedPolicy>>();
const objectWildcardsAcknowledged = new WeakSet<iam.ManagedPolicy>();

/**
 * Grants `actions` on `resourceArns` to `grantee`. When the grantee is a role
 * created in this app (an `iam.Role`), the statement goes into a
 * customer-managed policy attached to it, created beside the role, because
 * the HIPAA, NIST and PCI packs flag the inline default policy that CDK's
 * grants write. Any other grantee gets CDK's usual grant.
 *
 * @param owner the construct granting access; names the managed policy
 */
export function grantWithManagedPolicy(owner: IConstruct, grantee: iam.IGrantable, actions: string[], resourceArns: string[],
  options: ManagedPolicyGrantOptions = {}): iam.Grant {
  const { conditions, objectWildcardReason } = options;
  const role = grantee.grantPrincipal;
  if (!(role instanceof iam.Role)) {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns, conditions });
  }
  // One policy per role and granting construct, in the role's own stack (a
  // policy in the granting stack would make the two stacks depend on each other).
  const id = `ManagedGrantsFrom${Names.uniqueId(owner)}`;
  const policiesOfRole = grantPolicies.get(role) ?? new Map<string, iam.ManagedPolicy>();
  grantPolicies.set(role, policiesOfRole);
  const policy = policiesOfRole.get(id) ?? new iam.ManagedPolicy(role, id, {
    description: `Access granted to ${role.node.path} by ${owner.node.path}`,
    roles: [role],
  });
  policiesOfRole.set(id, policy);
  if (objectWildcardReason && !objectWildcardsAcknowledged.has(policy)) {
    objectWildcardsAcknowledged.add(policy);
    acknowledgeObjectWildcards(policy.node.defaultChild as iam.CfnManagedPolicy, objectWildcardReason);
  }
  return iam.Grant.addToPrincipal({ grantee: new ManagedPolicyPrincipal(role, policy), actions, resourceArns, conditions });
}

/** A principal that files statements into a managed policy instead of the role's inline policy. */
class ManagedPolicyPrincipal extends Construct implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;
  public readonly principalAccount?: string;

  constructor(private readonly role: iam.Role, private readonly policy: iam.ManagedPolicy) {
    super(policy, `Principal${policy.node.children.length}`);
    this.assumeRoleAction = role.assumeRoleAction;
    this.policyFragment = role.policyFragment;
    this.principalAccount = Stack.of(role).account;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }

  /** The role itself, for anything that needs its ARN. */
  public get roleArn(): string {
    return this.role.roleArn;
  }
}
