import { Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { validateAlarmOptions } from './alarm-set';
import { validateLogOptions } from './retained-log-group';
import { Profile } from '../core/profile';
import { DatabaseEngine } from '../database/database-engine';
import type { MultiAzDatabaseProps } from '../database/multi-az-database';

/**
 * Planning and validation of a `MultiAzDatabase`: every prop is checked and
 * the placement worked out before the construct adds anything to its scope.
 */

const MIN_PORT = 1150;
const MAX_PORT = 65535;
const MAX_READERS = 15;
/** Leaves room for `-reader15` in an instance identifier (63 characters at most). */
export const MAX_IDENTIFIER_LENGTH = 50;
const DEFAULT_BACKUP_RETENTION_DAYS = 14;

/** The alarm names of `MultiAzDatabase` per engine family, as `alarms.overrides` takes them. */
export const DATABASE_ALARM_NAMES = (aurora: boolean) => ['CpuUtilization', 'FreeableMemory', 'DatabaseConnections', aurora ? 'ReplicaLag' : 'FreeStorageSpace'];
/** The period of every database alarm. */
export const DATABASE_ALARM_PERIOD = Duration.minutes(5);

/** Where and how a `MultiAzDatabase` is built. */
export interface DatabasePlan {
  readonly engine: DatabaseEngine;
  readonly subnets: ec2.SelectedSubnets;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly availabilityZones: string[];
  readonly readers: number;
  readonly port: number;
  readonly backupRetention: Duration;
  readonly profile: Profile;
  readonly egressSubnetWarning?: string;
}

/** Validates every prop and works out the placement, without creating anything. */
export function planDatabase(scope: Construct, props: MultiAzDatabaseProps): DatabasePlan {
  const engine = props.engine ?? DatabaseEngine.auroraPostgres();
  const profile = props.profile ?? Profile.of(scope);

  if (!engine.isAurora && props.readers !== undefined) {
    throw new Error(
      `\`readers\` applies to Aurora engines only, got: ${props.readers} with ${engine.name}. ` +
      'An RDS engine runs as a Multi-AZ DB instance whose standby takes over on failure; use DatabaseEngine.auroraPostgres() or auroraMysql() for readers.',
    );
  }
  validateAlarmOptions('alarms', props.alarms, DATABASE_ALARM_NAMES(engine.isAurora), () => DATABASE_ALARM_PERIOD);
  validateLogOptions('logs', props.logs);
  const readers = engine.isAurora ? props.readers ?? (profile.isProduction ? 2 : 1) : 0;
  if (engine.isAurora && (!Number.isInteger(readers) || readers < 1 || readers > MAX_READERS)) {
    throw new Error(`\`readers\` must be a whole number from 1 to ${MAX_READERS}, so that a reader can take over from the writer, got: ${readers}.`);
  }

  if (props.identifier !== undefined && !Token.isUnresolved(props.identifier) && !isValidIdentifier(props.identifier)) {
    throw new Error(
      `\`identifier\` must be 1 to ${MAX_IDENTIFIER_LENGTH} lowercase letters, digits and single hyphens, starting with a letter ` +
      `and not ending with a hyphen, got: '${props.identifier}'.`,
    );
  }

  const backupRetention = props.backupRetention ?? Duration.days(DEFAULT_BACKUP_RETENTION_DAYS);
  if (!Token.isUnresolved(backupRetention.toSeconds())) {
    const days = backupRetention.toSeconds() / 86400;
    if (!Number.isInteger(days) || days < 1 || days > 35) {
      throw new Error(`\`backupRetention\` must be a whole number of days from 1 to 35, got: ${backupRetention.toHumanString()}.`);
    }
  }

  const port = props.port ?? engine.defaultPort;
  if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT)) {
    throw new Error(`\`port\` must be a whole number from ${MIN_PORT} to ${MAX_PORT}, got: ${port}.`);
  }

  const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  if (!props.vpcSubnets && props.vpc.isolatedSubnets.length === 0) {
    throw new Error(
      '`vpcSubnets` must be given: the VPC has no isolated subnets, where the database goes by default. ' +
      'Use a ThreeTierVpc (its dataSubnets), or select private subnets explicitly.',
    );
  }
  const subnets = props.vpc.selectSubnets(vpcSubnets);
  const publicIds = new Set(props.vpc.publicSubnets.map((s) => s.subnetId));
  const publicSelected = subnets.subnets.filter((s) => publicIds.has(s.subnetId));
  if (subnets.hasPublic || publicSelected.length > 0) {
    throw new Error(
      `\`vpcSubnets\` selects public subnets (${describeSubnets(publicSelected.length ? publicSelected : subnets.subnets)}); a database must not sit in a subnet routed to the internet. ` +
      'Select isolated subnets, such as ThreeTierVpc.dataSubnets (the default).',
    );
  }
  const availabilityZones = [...new Set(subnets.subnets.map((s) => s.availabilityZone))];
  if (availabilityZones.length < 2) {
    throw new Error(
      `\`vpcSubnets\` spans ${availabilityZones.length} Availability Zone${availabilityZones.length === 1 ? '' : 's'} (${availabilityZones.join(', ') || 'none'}); ` +
      'a Multi-AZ database needs subnets in at least 2.',
    );
  }
  const egressIds = new Set(props.vpc.privateSubnets.map((s) => s.subnetId));
  const egressSelected = subnets.subnets.filter((s) => egressIds.has(s.subnetId));
  const egressSubnetWarning = egressSelected.length > 0
    ? `\`vpcSubnets\` includes subnets with a route to the internet through NAT (${describeSubnets(egressSelected)}). ` +
      'A database needs no internet route; isolated subnets (ThreeTierVpc.dataSubnets) are safer.'
    : undefined;

  return { engine, subnets, vpcSubnets, availabilityZones, readers, port, backupRetention, profile, egressSubnetWarning };
}

function describeSubnets(subnets: ec2.ISubnet[]): string {
  return subnets.map((s) => s.node.path.split('/').slice(-1)[0] || s.subnetId).join(', ');
}

/** The rules RDS applies to identifiers, with room left for the instance suffixes. */
function isValidIdentifier(identifier: string): boolean {
  return identifier.length <= MAX_IDENTIFIER_LENGTH && /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(identifier);
}
