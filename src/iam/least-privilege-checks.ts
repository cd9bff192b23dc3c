import * as fs from 'fs';
import * as path from 'path';
import { Annotations, attachCustomSynthesis, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACCEPTED_LEAST_PRIVILEGE_FINDINGS, AcceptedLeastPrivilegeFindings, PERMISSIONS_BOUNDARY_POLICY } from './boundary-marker';
import { renderedProperties } from '../private/cdk-internals';
import { isReasonGiven, MIN_REASON_LENGTH } from '../private/nag-packs';
import { matchingActions } from '../private/service-reference';

/**
 * A finding that `LeastPrivilegeChecks` should accept, because AWS requires
 * it. Each one names where, what and why; one that matches nothing fails synth.
 */
export interface LeastPrivilegeException {
  /** The construct path of the policy, role or user, as in the finding (`MyStack/MyRole/Resource`). */
  readonly path: string;

  /** The finding exactly as reported, without the `LeastPrivilege: ` prefix and the statement. */
  readonly finding: string;

  /** Why it is acceptable here (at least 10 characters). */
  readonly reason: string;
}

/**
 * Properties of `LeastPrivilegeChecks`.
 */
export interface LeastPrivilegeChecksProps {
  /**
   * Findings to accept, each with its reason.
   *
   * @default - none
   */
  readonly exceptions?: LeastPrivilegeException[];

  /**
   * Write a permissions inventory with this file name into the cloud
   * assembly: every role and user with its boundary, its managed policies and
   * the statements of the policies attached to it.
   *
   * @default - no inventory
   */
  readonly inventoryFileName?: string;
}

const PREFIX = 'LeastPrivilege:';
const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];
const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];
const AWS_MANAGED_POLICY = /:iam::aws:policy\/(.+)$/;

interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
}

interface InventoryEntry {
  path: string;
  stack: string;
  type: string;
  logicalId: string;
  permissionsBoundary?: unknown;
  managedPolicyArns: unknown[];
  statements: unknown[];
}

/**
 * An aspect that fails synth on identity policies that don't name their
 * actions and resources. Add it to an app or stack:
 * `Aspects.of(app).add(new LeastPrivilegeChecks())`.
 *
 * Each finding is an error annotation on the offending construct, starting
 * with `LeastPrivilege:`. An Allow statement is reported when it has
 * `Action: '*'` or `service:*`, `NotAction`, `Resource: '*'` for actions that
 * support resource-level permissions (per the AWS service authorization
 * reference), or `iam:PassRole` on `*`; and so is an AWS managed policy
 * attached to a role, user or group. Resource policies (bucket, key, topic
 * policies) are not identity policies and are not checked.
 *
 * The library makes one exception itself: the networking policy that every
 * `SecureFunction` of a stack shares may name `*` for the EC2
 * network-interface actions Lambda uses before the interfaces exist.
 */
export class LeastPrivilegeChecks implements IAspect {
  private readonly exceptions: LeastPrivilegeException[];
  private readonly used = new Set<LeastPrivilegeException>();
  private readonly inventory = new Map<string, InventoryEntry>();
  private readonly attachments: Array<{ stack: string; principals: unknown[]; statements: unknown[] }> = [];
  private root?: IConstruct;
  private readonly visited = new WeakSet<IConstruct>();

  constructor(private readonly props: LeastPrivilegeChecksProps = {}) {
    for (const exception of props.exceptions ?? []) {
      if (!isReasonGiven(exception.reason)) {
        throw new Error(`The LeastPrivilegeChecks exception for '${exception.finding}' at ${exception.path} needs a reason of at least ` +
          `${MIN_REASON_LENGTH} characters, got: '${exception.reason}'.`);
      }
    }
    this.exceptions = [...(props.exceptions ?? [])];
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) {
      return;
    }
    this.visited.add(node);
    if (!this.root) {
      this.root = node;
      node.node.addValidation({
        validate: () => {
          // Roles and policies aws-cdk-lib creates while it prepares the app,
          // after the aspects (the providers of cross-region references).
          node.node.findAll().forEach((late) => this.visit(late));
          return this.unusedExceptions();
        },
      });
      if (this.props.inventoryFileName) {
        const fileName = this.props.inventoryFileName;
        attachCustomSynthesis(node as any, {
          onSynthesize: (session) => fs.writeFileSync(path.join(session.outdir, fileName), JSON.stringify(this.renderInventory(), undefined, 2)),
        });
      }
    }
    if (!CfnResource.isCfnResource(node) || ![...POLICY_TYPES, ...PRINCIPAL_TYPES].includes(node.cfnResourceType)) {
      return;
    }
    // A boundary is a ceiling: its broad statements limit, they grant nothing.
    if ((node as any)[PERMISSIONS_BOUNDARY_POLICY] === true) {
      return;
    }
    const stack = Stack.of(node);
    const properties = renderedProperties(node);
    const statements: Statement[] = [];
    if (POLICY_TYPES.includes(node.cfnResourceType)) {
      statements.push(...asArray(properties.PolicyDocument?.Statement));
      this.attachments.push({
        stack: stack.node.path,
        principals: [...asArray(properties.Roles), ...asArray(properties.Users), ...asArray(properties.Groups)],
        statements: asArray(properties.PolicyDocument?.Statement),
      });
    } else {
      for (const inline of asArray(properties.Policies)) {
        statements.push(...asArray((inline as any)?.PolicyDocument?.Statement));
      }
      this.recordPrincipal(node, stack, properties);
    }

    const findings = [
      ...statements.filter((s) => s.Effect === 'Allow').flatMap((s) => statementFindings(s).map((finding) => ({ finding, statement: s }))),
      ...asArray(properties.ManagedPolicyArns).flatMap((arn) => {
        const name = typeof arn === 'string' ? AWS_MANAGED_POLICY.exec(arn)?.[1] : JSON.stringify(arn).match(/:iam::aws:policy\/([^"]+)"/)?.[1];
        return name ? [{ finding: `AWS managed policy ${name} is attached`, statement: undefined }] : [];
      }),
    ];
    const accepted: AcceptedLeastPrivilegeFindings | undefined = (node as any)[ACCEPTED_LEAST_PRIVILEGE_FINDINGS];
    for (const { finding, statement } of findings) {
      if (accepted && isAccepted(finding, accepted)) {
        continue;
      }
      const exception = this.exceptions.find((e) => e.path === node.node.path && e.finding === finding);
      if (exception) {
        this.used.add(exception);
        continue;
      }
      const detail = statement ? ` in ${JSON.stringify(statement)}` : '';
      Annotations.of(node).addError(`${PREFIX} ${finding}${detail}`);
    }
  }

  private recordPrincipal(node: CfnResource, stack: Stack, properties: any): void {
    const logicalId = stack.getLogicalId(node);
    this.inventory.set(`${stack.node.path}/${logicalId}`, {
      path: node.node.path,
      stack: stack.node.path,
      type: node.cfnResourceType,
      logicalId,
      permissionsBoundary: properties.PermissionsBoundary,
      managedPolicyArns: asArray(properties.ManagedPolicyArns),
      statements: asArray(properties.Policies).flatMap((inline: any) => asArray(inline?.PolicyDocument?.Statement)),
    });
  }

  private renderInventory(): InventoryEntry[] {
    const entries = [...this.inventory.values()].map((entry) => ({ ...entry, statements: [...entry.statements] }));
    for (const attachment of this.attachments) {
      for (const principal of attachment.principals) {
        const ref = (principal as any)?.Ref;
        const entry = entries.find((e) => e.stack === attachment.stack && e.logicalId === ref);
        entry?.statements.push(...attachment.statements);
      }
    }
    return entries.sort((a, b) => a.path.localeCompare(b.path));
  }

  private unusedExceptions(): string[] {
    return this.exceptions
      .filter((exception) => !this.used.has(exception))
      .map((exception) => `${PREFIX} the exception for '${exception.finding}' at ${exception.path} matches no finding; remove it.`);
  }
}

function asArray(value: unknown): any[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

const RESOURCE_LEVEL_FINDING = 'Resource * for actions that support resource-level permissions: ';

/** Whether the library accepts `finding` on its own policy: `Resource *` for actions it names, and nothing else. */
function isAccepted(finding: string, accepted: AcceptedLeastPrivilegeFindings): boolean {
  return finding.startsWith(RESOURCE_LEVEL_FINDING) &&
    finding.slice(RESOURCE_LEVEL_FINDING.length).split(', ').every((action) => accepted.actions.includes(action));
}

/** What is wrong with one Allow statement, as finding strings. */
function statementFindings(statement: Statement): string[] {
  const findings: string[] = [];
  const actions = asArray(statement.Action).filter((a): a is string => typeof a === 'string');
  const resources = asArray(statement.Resource);
  if (statement.NotAction !== undefined) {
    findings.push('Allow with NotAction');
  }
  for (const action of actions) {
    if (action === '*' || /^[^:]+:\*$/.test(action)) {
      findings.push(`Action ${action}`);
    }
  }
  if (resources.includes('*')) {
    if (actions.some((a) => a.toLowerCase() === 'iam:passrole')) {
      findings.push('iam:PassRole on Resource *');
    }
    const scopable = actions.filter((a) => a !== '*' && !/^[^:]+:\*$/.test(a) && a.toLowerCase() !== 'iam:passrole' && supportsResourceLevelPermissions(a));
    if (scopable.length > 0) {
      findings.push(`${RESOURCE_LEVEL_FINDING}${scopable.join(', ')}`);
    }
  }
  return findings;
}

/**
 * Whether any action matching `action` (which may hold `*` and `?`) names a
 * resource type in the AWS service authorization reference. Unknown services
 * and actions count as supporting them, so that they are reviewed.
 */
function supportsResourceLevelPermissions(action: string): boolean {
  if (!action.includes(':')) {
    return true;
  }
  const matching = matchingActions(action);
  return !matching || matching.length === 0 || matching.some((details) => details.hasResourceTypes);
}
