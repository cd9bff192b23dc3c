import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expectCompliant } from './compliance';
import { buildExampleApp } from '../examples/app';

describe('example app', () => {
  test('every stack has zero open findings across all six packs', () => {
    const stacks = buildExampleApp(new App());
    expect(stacks.map((s) => s.stackName)).toEqual(['PavedRoadNetwork', 'PavedRoadData']);
    for (const stack of stacks) {
      expectCompliant(stack);
    }
  });

  test('the network stack carries the Secrets Manager endpoint its data tier needs', () => {
    const [network] = buildExampleApp(new App());
    Template.fromStack(network).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.secretsmanager']] },
    });
  });
});

test('the data stack replicates its uploads bucket', () => {
  const [, data] = buildExampleApp(new App());
  const template = Template.fromStack(data);
  template.resourceCountIs('AWS::S3::Bucket', 3);
  const replicated = Object.values(template.findResources('AWS::S3::Bucket')).filter((b: any) => b.Properties.ReplicationConfiguration);
  expect(replicated).toHaveLength(1);
});
