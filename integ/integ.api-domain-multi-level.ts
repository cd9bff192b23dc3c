/**
 * REST and HTTP APIs sharing one REGIONAL ApiDomain at multi-level base paths
 * (`v1/orders`, `v2/orders`, `v1/reports`) beside a single-segment one, with
 * no Route 53 zone: the DNS target is a stack output. The snapshot is compared
 * offline by `npm test`. A deployment needs the domain's certificate and name as
 * context (`-c certificateArn=... -c domainName=api.example.org`) and a DNS
 * record to the output; it asserts that both multi-level REST mappings answer
 * an unsigned call with 403 (IAM authorization) through the domain.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ApiDomain, ApiGatewayAccountLogging, SecureRestApi } from '../src';
import { compliantHttpApi } from '../test/api/http-api-fixture';

const app = new App();
const stack = new Stack(app, 'ApiDomainMultiLevel');
const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate',
  app.node.tryGetContext('certificateArn') ?? 'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000');
const domainName = app.node.tryGetContext('domainName') ?? 'api.example.com';
const domain = new ApiDomain(stack, 'ApiDomain', { domainName, certificate });
new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');

const ordersV1 = new SecureRestApi(stack, 'OrdersV1');
ordersV1.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
const ordersV2 = new SecureRestApi(stack, 'OrdersV2', { stageName: 'v2' });
ordersV2.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
const reports = compliantHttpApi(stack, 'Reports');

domain.addRestApi('v1/orders', ordersV1);
domain.addRestApi('v2/orders', ordersV2);
domain.addRestApi('orders', ordersV2);
domain.addHttpApi('v1/reports', reports);

const integ = new IntegTest(app, 'ApiDomainMultiLevelInteg', {
  testCases: [stack],
  diffAssets: true,
});
for (const basePath of ['v1/orders', 'v2/orders']) {
  integ.assertions.httpApiCall(`https://${domainName}/${basePath}/items`).expect(ExpectedResult.objectLike({ status: 403 }));
}
