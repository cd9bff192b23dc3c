import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantWithManagedPolicy } from '../../src/core/managed-policy-grant';

describe('grantWithManagedPolicy', () => {
  test('files grants from one owner into one customer-managed policy beside the role', () => {
    const app = new App();
    const ownerStack = new Stack(app, 'OwnerStack');
    const owner = new Construct(ownerStack, 'Database');
    const roleStack = new Stack(app, 'RoleStack');
    const role = new iam.Role(roleStack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    const first = grantWithManagedPolicy(owner, role, ['rds-db:connect'], ['arn:aws:rds-db:us-east-1:111111111111:dbuser:prx-1/app']);
    grantWithManagedPolicy(owner, role, ['rds-db:connect'], ['arn:aws:rds-db:us-east-1:111111111111:dbuser:prx-1/report']);

    expect(first.success).toBe(true);
    const template = Template.fromStack(roleStack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRole') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'rds-db:connect', Resource: 'arn:aws:rds-db:us-east-1:111111111111:dbuser:prx-1/app' },
          { Effect: 'Allow', Action: 'rds-db:connect', Resource: 'arn:aws:rds-db:us-east-1:111111111111:dbuser:prx-1/report' },
        ],
      },
    });
    Template.fromStack(ownerStack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('other grantees get CDK\'s ordinary grant', () => {
    const stack = new Stack(new App(), 'Stack');
    const owner = new Construct(stack, 'Database');
    const user = new iam.User(stack, 'User');
    grantWithManagedPolicy(owner, user, ['rds-db:connect'], ['arn:aws:rds-db:us-east-1:111111111111:dbuser:prx-1/app']);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', { Users: [{ Ref: Match.stringLikeRegexp('^User') }] });
  });
});
