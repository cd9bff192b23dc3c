/**
 * The seed scenario: five SecureRestApis, one per consumer, at five base paths
 * of one ApiDomain with a DNS-validated certificate and alias records in a
 * Route 53 hosted zone. The snapshot is compared offline by `npm test`;
 * nothing is deployed here. A real run needs a delegated zone, passed as
 * context: `-c hostedZoneId=Z... -c zoneName=example.com`.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ApiDomain, ApiGatewayAccountLogging, SecureRestApi } from '../src';

const app = new App();
const stack = new Stack(app, 'ApiDomainFiveApis');
const zoneName = app.node.tryGetContext('zoneName') ?? 'example.com';
const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: app.node.tryGetContext('hostedZoneId') ?? 'Z0EXAMPLE000000',
  zoneName,
});

const domain = new ApiDomain(stack, 'ApiDomain', { domainName: `api.${zoneName}`, hostedZone });
new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
for (const consumer of ['orders', 'users', 'billing', 'catalog', 'shipping']) {
  const api = new SecureRestApi(stack, `${consumer}Api`, { restApiName: consumer });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigw.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': `{"api": "${consumer}"}` } }],
  }), { methodResponses: [{ statusCode: '200' }] });
  if (consumer === 'catalog') {
    // A response every caller may see, cached per item: the body names the id,
    // so a deployed run shows whether /items/1 and /items/2 are kept apart.
    api.cacheResponses(items.addResource('{itemId}').addMethod('GET', new apigw.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"item": "$input.params(\'itemId\')"}' } }],
    }), { methodResponses: [{ statusCode: '200' }] }));
  }
  domain.addRestApi(consumer, api);
}

new IntegTest(app, 'ApiDomainFiveApisInteg', {
  testCases: [stack],
  // Log groups and keys are RETAIN by design; a real run must clean them up by hand.
  diffAssets: true,
});
