import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expectCompliant } from './compliance';
import { buildExampleApp } from '../examples/app';

describe('example app', () => {
  test('every stack has zero open findings across all six packs', () => {
    const stacks = buildExampleApp(new App());
    expect(stacks.map((s) => s.stackName)).toEqual(['PavedRoadNetwork']);
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
