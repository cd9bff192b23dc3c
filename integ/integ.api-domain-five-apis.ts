/**
 * The seed scenario: five SecureRestApis, one per consumer, at five base paths
 * of one ApiDomain with a DNS-validated certificate and alias records in a
 * Route 53 hosted zone. The snapshot is compared offline by `npm test`. A
 * deployment (`npm run integ:deploy`) needs a delegated zone, passed as
 * context: `-c hostedZoneId=Z... -c zoneName=example.com`; it asserts that
 * the orders API answers 403 unsigned and 200 signed through the domain, and
 * that the catalog's cached GET answers /items/1 and /items/2 each for itself.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { apiAnswersThroughDomain } from './helpers';
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
const methods = new Map<string, { api: SecureRestApi; items: apigw.Method; item?: apigw.Method }>();
for (const consumer of ['orders', 'users', 'billing', 'catalog', 'shipping']) {
  const api = new SecureRestApi(stack, `${consumer}Api`, { restApiName: consumer });
  const items = api.root.addResource('items');
  const listItems = items.addMethod('GET', new apigw.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': `{"api": "${consumer}"}` } }],
  }), { methodResponses: [{ statusCode: '200' }] });
  let item: apigw.Method | undefined;
  if (consumer === 'catalog') {
    // A response every caller may see, cached per item: the body names the id,
    // so a deployed run shows whether /items/1 and /items/2 are kept apart.
    item = items.addResource('{itemId}').addMethod('GET', new apigw.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"item": "$input.params(\'itemId\')"}' } }],
    }), { methodResponses: [{ statusCode: '200' }] });
    api.cacheResponses(item);
  }
  domain.addRestApi(consumer, api);
  methods.set(consumer, { api, items: listItems, item });
}

const integ = new IntegTest(app, 'ApiDomainFiveApisInteg', {
  testCases: [stack],
  // Log groups and keys are RETAIN by design; a real run must clean them up by hand.
  diffAssets: true,
});
const orders = methods.get('orders')!;
const catalog = methods.get('catalog')!;
apiAnswersThroughDomain(integ, {
  api: orders.api,
  method: orders.items,
  url: `https://api.${zoneName}/orders/items`,
  cached: {
    api: catalog.api,
    method: catalog.item!,
    urls: [`https://api.${zoneName}/catalog/items/1`, `https://api.${zoneName}/catalog/items/2`],
    bodies: ['{"item": "1"}', '{"item": "2"}'],
  },
});
