/**
 * The upgrade guard: what CloudFormation would replace, and so lose, when a
 * deployed stack moves from one synthesized template to another.
 *
 * CloudFormation replaces a resource when its logical id leaves the template
 * (it deletes the old one, or keeps it orphaned under RETAIN, and creates a
 * new one) or when a property that the resource type's schema lists under
 * `createOnlyProperties` changes ("Update requires: Replacement" in the
 * resource reference; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
 * For the stateful types below either one loses data, or a name that clients
 * use. The schemas are the ones cfn-lint ships (the CloudFormation registry's
 * resource provider schemas), read from the pinned cfn-lint in `.venv-lint`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ensureCfnLint } from '../templates/cfn-lint';

/** The resource types whose replacement loses data or an identity, by what they are called in the changelog. */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBCluster': 'database',
  'AWS::RDS::DBInstance': 'database',
  'AWS::S3::Bucket': 'bucket',
  'AWS::KMS::Key': 'key',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Logs::LogGroup': 'log group',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::Backup::BackupVault': 'vault',
  'AWS::EC2::VPC': 'VPC',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
};

/** One stateful resource of a synthesized template. */
export interface StatefulResource {
  readonly type: string;
  /** The construct path aws-cdk-lib recorded (`aws:cdk:path`), to tell a reader what it is. */
  readonly path?: string;
  readonly properties: Record<string, unknown>;
}

/** Stack name → logical id → stateful resource. */
export type StatefulSnapshot = Record<string, Record<string, StatefulResource>>;

/** A stateful resource that the move from one snapshot to another replaces. */
export interface Replacement {
  /** `<stack name>/<logical id>`, as the changelog names it. */
  readonly id: string;
  readonly type: string;
  readonly path?: string;
  /** `logical id removed`, or the create-only properties that changed. */
  readonly why: string;
}

/** The stateful resources of `templates` (stack name → CloudFormation template). */
export function statefulResources(templates: Record<string, any>): StatefulSnapshot {
  const snapshot: StatefulSnapshot = {};
  for (const [stackName, template] of Object.entries(templates).sort(([a], [b]) => a.localeCompare(b))) {
    const resources: Record<string, StatefulResource> = {};
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (STATEFUL_TYPES[resource.Type] !== undefined) {
        resources[logicalId] = { type: resource.Type, path: resource.Metadata?.['aws:cdk:path'], properties: resource.Properties ?? {} };
      }
    }
    snapshot[stackName] = resources;
  }
  return snapshot;
}

const schemaCache = new Map<string, string[]>();

/**
 * The create-only properties of `type`, as JSON pointers (`/properties/KmsKeyId`),
 * from the resource provider schema cfn-lint ships for us-east-1.
 */
export function createOnlyProperties(type: string): string[] {
  const cached = schemaCache.get(type);
  if (cached) {
    return cached;
  }
  const schemas = path.join(cfnLintPackage(), 'data', 'schemas');
  const providers: Record<string, string> = JSON.parse(fs.readFileSync(path.join(schemas, 'providers', 'us-east-1.json'), 'utf8'));
  const file = providers[type];
  if (file === undefined) {
    throw new Error(`cfn-lint's schemas do not know the resource type ${type}.`);
  }
  const schema = JSON.parse(fs.readFileSync(path.join(schemas, 'resources', `${file}.json`), 'utf8'));
  if (schema.typeName !== type) {
    throw new Error(`cfn-lint's schema ${file}.json is for ${schema.typeName}, not ${type}.`);
  }
  const pointers: string[] = schema.createOnlyProperties ?? [];
  schemaCache.set(type, pointers);
  return pointers;
}

function cfnLintPackage(): string {
  const venv = path.dirname(path.dirname(ensureCfnLint()));
  const lib = path.join(venv, 'lib');
  for (const python of fs.readdirSync(lib)) {
    const candidate = path.join(lib, python, 'site-packages', 'cfnlint');
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error(`No cfnlint package under ${lib}.`);
}

/**
 * The value at a schema pointer (`/properties/KmsKeyId`); a `*` step stands
 * for every element of an array, so the value is the list of them.
 */
function valueAt(properties: Record<string, unknown>, pointer: string): unknown {
  const steps = pointer.split('/').slice(2);
  const walk = (value: unknown, rest: string[]): unknown => {
    if (rest.length === 0 || value === undefined || value === null) {
      return value;
    }
    const [step, ...next] = rest;
    if (step === '*') {
      return Array.isArray(value) ? value.map((element) => walk(element, next)) : undefined;
    }
    return walk((value as Record<string, unknown>)[step], next);
  };
  return walk(properties, steps);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner) => (inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
    : inner)) ?? 'undefined';
}

/** The stateful resources of `before` that moving to `after` replaces. */
export function replacements(before: StatefulSnapshot, after: StatefulSnapshot): Replacement[] {
  const found: Replacement[] = [];
  for (const [stackName, resources] of Object.entries(before)) {
    const next = after[stackName] ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      const id = `${stackName}/${logicalId}`;
      const successor = next[logicalId];
      if (successor === undefined || successor.type !== resource.type) {
        found.push({ id, type: resource.type, path: resource.path, why: 'logical id removed' });
        continue;
      }
      const changed = createOnlyProperties(resource.type)
        .filter((pointer) => canonical(valueAt(resource.properties, pointer)) !== canonical(valueAt(successor.properties, pointer)))
        .map((pointer) => pointer.replace(/^\/properties\//, ''));
      if (changed.length > 0) {
        found.push({ id, type: resource.type, path: resource.path, why: `create-only ${changed.join(', ')} changed` });
      }
    }
  }
  return found;
}

/**
 * What switching between two profiles' snapshots replaces, either way. An
 * Aurora DB instance that one profile has and the other lacks is not counted:
 * it holds no data of its own, its storage is the cluster volume that all the
 * cluster's instances share
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Overview.StorageReliability.html),
 * so a profile that runs fewer readers loses no data.
 */
export function profileSwitchReplacements(one: StatefulSnapshot, other: StatefulSnapshot): Replacement[] {
  const isAuroraMemberRemoved = (replacement: Replacement, from: StatefulSnapshot) => {
    const [stack, logicalId] = replacement.id.split('/');
    const resource = from[stack][logicalId];
    return replacement.why === 'logical id removed' && resource.type === 'AWS::RDS::DBInstance' && resource.properties.DBClusterIdentifier !== undefined;
  };
  return [
    ...replacements(one, other).filter((replacement) => !isAuroraMemberRemoved(replacement, one)),
    ...replacements(other, one).filter((replacement) => !isAuroraMemberRemoved(replacement, other)),
  ];
}

/**
 * The `<stack>/<logical id>` names that the README's "Upgrading" section
 * (the changelog) lists in backticks: the replacements a release announces.
 */
export function namedInChangelog(readme: string): Set<string> {
  const start = readme.indexOf('\n## Upgrading\n');
  if (start < 0) {
    throw new Error('The README has no "## Upgrading" section.');
  }
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return new Set([...section.matchAll(/`([A-Za-z][A-Za-z0-9-]*\/[A-Za-z0-9]+)`/g)].map((match) => match[1]));
}

/** One line per replacement, for a report. */
export function formatReplacement(replacement: Replacement): string {
  return `${replacement.id} (${STATEFUL_TYPES[replacement.type]}, ${replacement.type}${replacement.path ? `, ${replacement.path}` : ''}): ${replacement.why}`;
}
