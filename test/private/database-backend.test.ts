import { App, Stack } from 'aws-cdk-lib';
import { DatabaseEngine, MultiAzDatabase, ThreeTierVpc } from '../../src';
import { DatabaseBackend } from '../../src/private/database-backend';

/** The backend a MultiAzDatabase delegates to, read from the construct (it is private there). */
function backendOf(engine: DatabaseEngine): { stack: Stack; backend: DatabaseBackend; database: MultiAzDatabase } {
  const stack = new Stack(new App(), 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
  const database = new MultiAzDatabase(stack, 'Orders', { vpc: new ThreeTierVpc(stack, 'Network', { alarms: { enabled: false } }).vpc, engine, identifier: 'orders' });
  return { stack, database, backend: (database as any).backend };
}

describe('the database backend per engine family', () => {
  test('Aurora: a cluster, its readers behind the proxy\'s read-only endpoint, cluster dimensions and automated backups', () => {
    const { stack, backend, database } = backendOf(DatabaseEngine.auroraPostgres());
    expect(backend.cluster).toBe(database.cluster);
    expect(backend.instance).toBeUndefined();
    expect(backend.hasReaders).toBe(true);
    expect(backend.metricDimensions).toEqual({ DBClusterIdentifier: 'orders' });
    expect(stack.resolve(backend.automatedBackupArns)).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-1:111111111111:cluster-auto-backup:*']] }]);
    expect(stack.resolve(backend.backupArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-1:111111111111:cluster:', { Ref: expect.stringMatching(/^Orders[0-9A-F]{8}$/) }]] });
    expect(backend.writer.node.path).toBe('Data/Orders/Resource/Writer/Resource');
    expect(backend.secret).toBe(database.secret);
  });

  test('an RDS engine: a Multi-AZ instance, no readers, instance dimensions and no automated backups to describe', () => {
    const { stack, backend, database } = backendOf(DatabaseEngine.mysql());
    expect(backend.instance).toBe(database.instance);
    expect(backend.cluster).toBeUndefined();
    expect(backend.hasReaders).toBe(false);
    expect(backend.metricDimensions).toEqual({ DBInstanceIdentifier: 'orders' });
    expect(backend.automatedBackupArns).toEqual([]);
    expect(stack.resolve(backend.readerEndpoint)).toEqual(stack.resolve(backend.endpoint));
    expect(backend.writer.node.path).toBe('Data/Orders/Resource/Resource');
  });
});
