// A JavaScript consumer of the npm tarball as users install it (not the source
// tree): builds an app with several of the library's constructs, synthesizes
// it and checks the template. A failed check throws, and the process exits
// non-zero. `consumers/run.sh npm` installs the tarball beside aws-cdk-lib.
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ApiDomain, ApiGatewayAccountLogging, LeastPrivilegeChecks, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from 'cdk-paved-road';

const app = new App();
const stack = new Stack(app, 'NpmConsumer');
new ThreeTierVpc(stack, 'Network', { maxAzs: 2, natGateways: 1 });
new ReplicatedBucket(stack, 'Uploads');
new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
const orders = new SecureRestApi(stack, 'Orders');
orders.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
const domain = new ApiDomain(stack, 'Domain', {
  domainName: 'api.example.com',
  certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'),
});
domain.addRestApi('orders', orders);
// The service reference is read from inside the installed package.
Aspects.of(app).add(new LeastPrivilegeChecks());

const template = Template.fromStack(stack);
template.resourceCountIs('AWS::EC2::VPC', 1);
template.resourceCountIs('AWS::EC2::Subnet', 6);
template.resourceCountIs('AWS::EC2::NatGateway', 1);
template.resourceCountIs('AWS::EC2::NetworkAcl', 3);
template.hasResourceProperties('AWS::S3::Bucket', {
  VersioningConfiguration: { Status: 'Enabled' },
  ReplicationConfiguration: Match.objectLike({ Rules: Match.anyValue() }),
});
template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'orders' });
template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
// LeastPrivilegeChecks reports a finding as an error annotation.
const errors = app.synth().getStackByName('NpmConsumer').messages.filter((m) => m.level === 'error');
if (errors.length > 0) {
  throw new Error(`Synth errors: ${errors.map((e) => e.entry.data).join('; ')}`);
}
console.log('npm consumer: NpmConsumer synthesized and checked.');
