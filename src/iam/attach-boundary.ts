import { Annotations, AspectPriority, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { declaredPermissionsBoundary } from '../private/cdk-internals';
import { addStackDependency } from '../private/renamed-apis';

export interface BoundaryAttachment {
  /** Names the boundary in warnings ("PermissionsBoundary App/Boundary"). */
  readonly description: string;
  /** The boundary's ARN as written in a given stack. */
  readonly arnIn: (stack: Stack) => string;
  /** The stack that defines the boundary, which other stacks must deploy after. */
  readonly stack?: Stack;
  /**
   * The boundary's policy, when roles in its own stack name it by an ARN built
   * from its name: they then depend on it, or CloudFormation may create them
   * before the policy exists.
   */
  readonly policy?: IConstruct;
  /** Called for each role or user the boundary was attached to. */
  readonly onAttached?: (principal: CfnResource) => void;
  readonly priority: number;
  /** Warn when the scope holds no roles or users (for an explicit `applyTo`). */
  readonly warnIfNoRoles?: boolean;
}

/**
 * A boundary given to one construct (`permissionsBoundary` prop) is attached
 * before one applied to a whole app, so that it counts as set explicitly.
 */
export const CONSTRUCT_BOUNDARY_PRIORITY = AspectPriority.MUTATING - 10;

const ROLE_OR_USER_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User'];

function isRoleOrUser(node: IConstruct): node is CfnResource {
  return CfnResource.isCfnResource(node) && ROLE_OR_USER_TYPES.includes(node.cfnResourceType);
}

/**
 * Attaches a boundary to every role and user in `scope` at synth: L1 and L2
 * roles and users, and aws-cdk-lib's custom-resource provider roles (plain
 * `CfnResource`s of type AWS::IAM::Role). An existing boundary is kept, with a
 * warning when it differs.
 */
export function attachBoundary(scope: IConstruct, attachment: BoundaryAttachment): void {
  const aspect = new AttachBoundary(scope, attachment);
  Aspects.of(scope).add(aspect, { priority: attachment.priority });
  // aws-cdk-lib creates some roles after the aspects have run, while it
  // prepares the app: the providers of cross-region references
  // (Custom::CrossRegionExportWriter/Reader). Validation comes after that.
  scope.node.addValidation({
    validate: () => {
      scope.node.findAll().filter(isRoleOrUser).forEach((node) => aspect.visit(node));
      return [];
    },
  });
}

class AttachBoundary implements IAspect {
  private readonly visited = new WeakSet<IConstruct>();

  constructor(private readonly scope: IConstruct, private readonly attachment: BoundaryAttachment) {}

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) {
      return;
    }
    this.visited.add(node);
    if (this.attachment.warnIfNoRoles && node === this.scope && !node.node.findAll().some(isRoleOrUser)) {
      Annotations.of(node).addWarningV2('cdk-paved-road:boundary-applied-to-no-roles',
        `${this.attachment.description} was applied to ${node.node.path || 'the app'}, which has no IAM roles or users.`);
    }
    if (!isRoleOrUser(node)) {
      return;
    }
    const stack = Stack.of(node);
    const arn = this.attachment.arnIn(stack);
    const existing = currentBoundary(node);
    if (existing !== undefined) {
      if (JSON.stringify(stack.resolve(existing)) !== JSON.stringify(stack.resolve(arn))) {
        Annotations.of(node).addWarningV2('cdk-paved-road:explicit-boundary-kept',
          `${node.node.path} has a permissions boundary of its own, so ${this.attachment.description} was not attached to it.`);
      }
      return;
    }
    if (node instanceof iam.CfnRole || node instanceof iam.CfnUser) {
      node.permissionsBoundary = arn;
    } else {
      node.addPropertyOverride('PermissionsBoundary', arn);
    }
    const boundaryStack = this.attachment.stack;
    if (boundaryStack && this.attachment.policy && isWithin(stack, boundaryStack)) {
      node.node.addDependency(this.attachment.policy);
    } else if (boundaryStack && stack !== boundaryStack && !stack.nested && !boundaryStack.nested) {
      addStackDependency(stack, boundaryStack, `${this.attachment.description} must exist before roles use it`);
    }
    this.attachment.onAttached?.(node);
  }
}

/** Whether `stack` is `ancestor` or nested (at any depth) inside it. */
function isWithin(stack: Stack, ancestor: Stack): boolean {
  for (let current: Stack | undefined = stack; current; current = current.nestedStackParent) {
    if (current === ancestor) {
      return true;
    }
  }
  return false;
}

/** The boundary a role or user has already, whichever way it was set. */
function currentBoundary(node: CfnResource): unknown {
  if (node instanceof iam.CfnRole || node instanceof iam.CfnUser) {
    return node.permissionsBoundary;
  }
  return declaredPermissionsBoundary(node);
}

/** Attaches `policy` to every role and user a construct creates (its `permissionsBoundary` prop). */
export function attachConstructBoundary(scope: IConstruct, policy: iam.IManagedPolicy): void {
  attachBoundary(scope, {
    description: `the permissionsBoundary of ${scope.node.path}`,
    arnIn: () => policy.managedPolicyArn,
    priority: CONSTRUCT_BOUNDARY_PRIORITY,
  });
}
