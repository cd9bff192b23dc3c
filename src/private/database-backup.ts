import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IDependable } from 'constructs';
import { DatabaseBackend } from './database-backend';
import { uniquePhysicalName } from './physical-name';
import { createServiceRole } from './service-role';
import { acknowledgeNagRules, flattenLikeCdkNag } from '../core/acknowledge';

const AWS_BACKUP_RETENTION_DAYS = 35;

/**
 * A daily AWS Backup plan (kept 35 days) for the database of `scope`, in a
 * vault encrypted with the database key; its role has a customer-managed
 * policy scoped to this database and the snapshots AWS Backup names
 * `awsbackup:*`.
 */
export function addDatabaseBackup(scope: Construct, backend: DatabaseBackend, encryptionKey: kms.IKey): void {
  const stack = Stack.of(scope);
  const databaseArn = backend.backupArn;
  const { vault, plan } = createDailyBackupPlan(scope, encryptionKey);
  const snapshotArns = ['snapshot', 'cluster-snapshot'].map((kind) =>
    stack.formatArn({ service: 'rds', resource: kind, resourceName: 'awsbackup:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
  // The RDS actions of the AWS managed AWSBackupServiceRolePolicyForBackup
  // that a snapshot backup plan uses, on this database and the snapshots AWS
  // Backup names; Aurora's also describe the cluster's automated backups.
  const clusterAutomatedBackups = backend.automatedBackupArns;
  const { role, policy } = createServiceRole(scope, 'Backup', {
    service: 'backup.amazonaws.com',
    roleDescription: `Lets AWS Backup snapshot ${scope.node.path}`,
    policyDescription: 'Snapshots this database for AWS Backup, and nothing else',
    statements: [
      new iam.PolicyStatement({
        actions: [
          'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:ListTagsForResource', 'rds:AddTagsToResource',
          'rds:CreateDBClusterSnapshot', 'rds:CreateDBSnapshot', 'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBSnapshots',
          'rds:CopyDBClusterSnapshot', 'rds:CopyDBSnapshot', 'rds:DeleteDBClusterSnapshot', 'rds:DeleteDBSnapshot',
          'rds:ModifyDBClusterSnapshotAttribute', 'rds:ModifyDBSnapshotAttribute',
        ],
        resources: [databaseArn, ...snapshotArns],
      }),
      ...(clusterAutomatedBackups.length > 0 ? [new iam.PolicyStatement({
        actions: ['rds:DescribeDBClusterAutomatedBackups'],
        resources: [databaseArn, ...clusterAutomatedBackups],
      })] : []),
      new iam.PolicyStatement({
        actions: ['kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: [encryptionKey.keyArn],
      }),
      new iam.PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: [encryptionKey.keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
      new iam.PolicyStatement({
        actions: ['backup:DescribeBackupVault', 'backup:CopyIntoBackupVault'],
        resources: [vault.backupVaultArn],
      }),
    ],
  });
  acknowledgeNagRules(policy.node.defaultChild as iam.CfnManagedPolicy, {
    id: 'AwsSolutions-IAM5',
    reason: 'AWS Backup names the snapshots it takes awsbackup:job-<id>, known only when a job runs, and RDS names a cluster\'s automated ' +
      'backups by an id it assigns; the grant covers only snapshots with that prefix, and automated backups, in this account and region.',
    appliesTo: [...snapshotArns, ...clusterAutomatedBackups].map((arn) => `Resource::${flattenLikeCdkNag(stack.resolve(arn))}`),
  });
  selectForBackup(scope, plan, databaseArn, role, backend.writer);
}

/**
 * A vault encrypted with `encryptionKey` (RETAIN, with a name unique to the
 * stack instance) and a plan that backs up daily at 05:00 UTC and keeps each
 * backup 35 days.
 */
export function createDailyBackupPlan(scope: Construct, encryptionKey: kms.IKey): { vault: backup.BackupVault; plan: backup.BackupPlan } {
  const vault = new backup.BackupVault(scope, 'BackupVault', {
    // RETAIN keeps the vault, and aws-cdk-lib's default name is fixed by the
    // construct path: a re-created stack would collide with it.
    backupVaultName: uniquePhysicalName(scope, { maxLength: 50 }),
    encryptionKey: encryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const plan = new backup.BackupPlan(scope, 'BackupPlan', {
    backupVault: vault,
    backupPlanRules: [new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
      deleteAfter: Duration.days(AWS_BACKUP_RETENTION_DAYS),
    })],
  });
  return { vault, plan };
}

/**
 * Selects the resource `resourceArn` for `plan`, backed up with `role` (not
 * the AWS managed default policy, and no restores), after `resource` exists.
 */
export function selectForBackup(scope: Construct, plan: backup.BackupPlan, resourceArn: string, role: iam.IRole, resource: IDependable): void {
  const selection = new backup.BackupSelection(scope, 'BackupSelection', {
    backupPlan: plan,
    resources: [backup.BackupResource.fromArn(resourceArn)],
    role,
    disableDefaultBackupPolicy: true,
    allowRestores: false,
  });
  // The selection names the resource by ARN; make sure it exists first.
  selection.node.addDependency(resource);
}
