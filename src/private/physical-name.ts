import { Fn, Names, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The characters `stackIdSuffix` adds to a name: a hyphen and 8 hex digits. */
export const STACK_ID_SUFFIX_LENGTH = 9;

/**
 * The first 8 hex digits of the UUID at the end of the stack's id
 * (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`), resolved
 * at deploy time. It stays the same for every update of a stack and is new
 * for every stack CloudFormation creates, so a name that carries it collides
 * neither with a second copy of the stack nor with the retained resources of
 * a destroyed one.
 */
export function stackIdSuffix(scope: IConstruct): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(scope).stackId))));
}

/** Options of `uniquePhysicalName`. */
export interface UniquePhysicalNameOptions {
  /** The longest name the resource type accepts, prefix and suffix included. */
  readonly maxLength: number;
  /** A fixed start, such as `aws-waf-logs-`. @default - none */
  readonly prefix?: string;
  /**
   * Keep only lowercase letters, digits and single hyphens, and start with a
   * letter: the rules of RDS identifiers and RDS Proxy names.
   * @default false
   */
  readonly lowercase?: boolean;
}

/**
 * A name for a resource whose name must be set: `<prefix><name from the
 * construct path>-<stackIdSuffix>`, at most `maxLength` characters. The part
 * from the path keeps names readable and unique within the app; the suffix
 * makes them unique per stack instance.
 */
export function uniquePhysicalName(scope: IConstruct, options: UniquePhysicalNameOptions): string {
  const prefix = options.prefix ?? '';
  const room = options.maxLength - prefix.length - STACK_ID_SUFFIX_LENGTH;
  let base = Names.uniqueResourceName(scope, { maxLength: room, separator: '-' });
  if (options.lowercase) {
    // The path starts with a stack or stage name, which starts with a letter.
    base = base.toLowerCase().replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
  }
  return `${prefix}${base}-${stackIdSuffix(scope)}`;
}
