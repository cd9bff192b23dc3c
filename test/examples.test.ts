import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expectCompliant } from './compliance';
import { buildExampleApp } from '../examples/app';

describe('example app', () => {
  test('every stack has zero open findings across all six packs', () => {
    const stacks = buildExampleApp(new App());
    expect(stacks.map((s) => s.stackName)).toEqual(['PavedRoadNetwork', 'PavedRoadData', 'PavedRoadApp']);
    for (const stack of stacks) {
      expectCompliant(stack);
    }
  });

  test('the network stack carries the Secrets Manager endpoint', () => {
    const [network] = buildExampleApp(new App());
    Template.fromStack(network).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.secretsmanager']] },
    });
  });

  test('the data stack replicates its uploads bucket and runs the database behind a proxy', () => {
    const [, data] = buildExampleApp(new App());
    const template = Template.fromStack(data);
    const replicated = Object.values(template.findResources('AWS::S3::Bucket')).filter((b: any) => b.Properties.ReplicationConfiguration);
    expect(replicated).toHaveLength(1);
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
  });

  test('the function runs in the application tier, may connect as orders_app, and the proxy admits it', () => {
    const [, , application] = buildExampleApp(new App());
    const template = Template.fromStack(application);
    const fn = Object.values(template.findResources('AWS::Lambda::Function')) as any[];
    expect(fn).toHaveLength(1);
    const subnetImports = fn[0].Properties.VpcConfig.SubnetIds.map((s: any) => s['Fn::ImportValue']);
    expect(subnetImports).toHaveLength(3);
    expect(subnetImports.every((name: string) => /NetworkApplicationSubnet\dSubnet/.test(name))).toBe(true);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect', Resource: { 'Fn::Join': ['', Match.arrayWith(['/orders_app'])] } })] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5433,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HealthCheckSecurityGroup'), 'GroupId'] },
    });
  });

  test('the APIs are served by one ApiDomain only, at /orders and /status, the health check behind IAM', () => {
    const [, , application] = buildExampleApp(new App());
    const template = Template.fromStack(application);
    template.resourceCountIs('AWS::ApiGateway::DomainName', 1);
    const mappings = Object.values<any>(template.findResources('AWS::ApiGateway::BasePathMapping')).map((m) => m.Properties.BasePath);
    expect(mappings.sort()).toEqual(['orders', 'status']);
    const apis = Object.values<any>(template.findResources('AWS::ApiGateway::RestApi'));
    expect(apis.map((api) => api.Properties.DisableExecuteApiEndpoint)).toEqual([true, true]);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
    });
  });

  test('every role and user in every stack carries the network stack\'s permissions boundary, and LeastPrivilegeChecks finds nothing', () => {
    const app = new App();
    const stacks = buildExampleApp(app);
    const assembly = app.synth();
    let principals = 0;
    for (const stack of stacks) {
      const artifact = assembly.getStackByName(stack.stackName);
      expect(artifact.messages.filter((m) => String(m.entry.data).startsWith('LeastPrivilege:'))).toEqual([]);
      for (const [id, resource] of Object.entries<any>(artifact.template.Resources)) {
        if (resource.Type === 'AWS::IAM::Role' || resource.Type === 'AWS::IAM::User') {
          principals++;
          expect([id, JSON.stringify(resource.Properties.PermissionsBoundary)]).toEqual([id, expect.stringMatching(/:policy\/PavedRoadNetwork-Boundary-/)]);
        }
      }
    }
    expect(principals).toBeGreaterThanOrEqual(8);
  });
});
