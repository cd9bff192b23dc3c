import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { compliantHttpApi } from './http-api-fixture';
import { ApiDomain, ApiDomainProps, SecureRestApi } from '../../src';
import { expectCompliant } from '../compliance';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function newStack(props: StackProps = { env: ENV }) {
  return new Stack(new App(), 'ApiStack', props);
}

function zoneIn(stack: Stack) {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
}

function secureApi(stack: Stack, id: string): SecureRestApi {
  const api = new SecureRestApi(stack, id);
  api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
  return api;
}

function build(props: Partial<ApiDomainProps> = {}, stack = newStack()) {
  const domain = new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: zoneIn(stack), ...props });
  return { stack, domain };
}

function only(template: Template, type: string): [string, any] {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, any];
}

const FIVE = ['orders', 'users', 'billing', 'catalog', 'shipping'];

describe('ApiDomain defaults', () => {
  test('a REGIONAL TLS 1.2 domain with a DNS-validated certificate in the hosted zone', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    const [certificateId] = only(t, 'AWS::CertificateManager::Certificate');
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z0123456789' }],
    });
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: { Ref: certificateId },
      SecurityPolicy: 'TLS_1_2',
    });
  });

  test('A and AAAA alias records for the domain in the hosted zone, and no outputs', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    const [domainId] = only(t, 'AWS::ApiGateway::DomainName');
    for (const type of ['A', 'AAAA']) {
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.example.com.',
        Type: type,
        HostedZoneId: 'Z0123456789',
        AliasTarget: {
          DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
          HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] },
        },
      });
    }
    expect(t.toJSON().Outputs).toBeUndefined();
  });

  test('five SecureRestApis at five base paths: five base-path mappings to their deployment stages', () => {
    const { stack, domain } = build();
    const apis = FIVE.map((name) => secureApi(stack, name));
    apis.forEach((api, i) => domain.addRestApi(FIVE[i], api));
    const t = Template.fromStack(stack);
    const mappings = Object.values<any>(t.findResources('AWS::ApiGateway::BasePathMapping')).map((m) => m.Properties);
    const [domainId] = only(t, 'AWS::ApiGateway::DomainName');
    expect(mappings).toEqual(apis.map((api, i) => ({
      BasePath: FIVE[i],
      DomainName: { Ref: domainId },
      RestApiId: { Ref: stack.getLogicalId(api.node.defaultChild as apigw.CfnRestApi) },
      Stage: { Ref: stack.getLogicalId(api.deploymentStage.node.defaultChild as apigw.CfnStage) },
    })));
    t.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
  });

  test('a mapped SecureRestApi answers on the domain only: execute-api disabled, no Endpoint output', () => {
    const { stack, domain } = build();
    const api = secureApi(stack, 'Orders');
    domain.addRestApi('orders', api);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    expect(t.toJSON().Outputs).toBeUndefined();
    expect(domain.url).toEqual('https://api.example.com');
  });

  test('keepExecuteApiEndpoint keeps the execute-api URL of a mapped API', () => {
    const { stack, domain } = build();
    const api = new SecureRestApi(stack, 'Orders', { keepExecuteApiEndpoint: true });
    api.root.addMethod('GET', new apigw.MockIntegration());
    domain.addRestApi('orders', api);
    const t = Template.fromStack(stack);
    expect(only(t, 'AWS::ApiGateway::RestApi')[1].Properties.DisableExecuteApiEndpoint).toBeUndefined();
    t.hasOutput('*', { Value: { 'Fn::Join': ['', Match.arrayWith(['.execute-api.eu-west-1.'])] } });
  });

  test('a plain RestApi can be mapped too, and keeps its endpoint', () => {
    const { stack, domain } = build();
    const api = new apigw.RestApi(stack, 'Plain', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    domain.addRestApi('plain', api);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    expect(only(t, 'AWS::ApiGateway::RestApi')[1].Properties.DisableExecuteApiEndpoint).toBeUndefined();
  });
});

describe('ApiDomain base paths', () => {
  test('multi-level paths use API Gateway v2 API mappings, for REST and HTTP APIs alike', () => {
    const { stack, domain } = build();
    const orders = secureApi(stack, 'Orders');
    const reports = compliantHttpApi(stack, 'Reports');
    domain.addRestApi('v1/orders', orders);
    domain.addHttpApi('v1/reports', reports);
    domain.addHttpApi('reports', reports);
    const t = Template.fromStack(stack);
    const [domainId] = only(t, 'AWS::ApiGateway::DomainName');
    const mappings = Object.values<any>(t.findResources('AWS::ApiGatewayV2::ApiMapping')).map((m) => m.Properties);
    expect(mappings).toEqual(expect.arrayContaining([
      {
        ApiId: { Ref: stack.getLogicalId(orders.node.defaultChild as apigw.CfnRestApi) },
        ApiMappingKey: 'v1/orders',
        DomainName: { Ref: domainId },
        Stage: { Ref: stack.getLogicalId(orders.deploymentStage.node.defaultChild as apigw.CfnStage) },
      },
      { ApiId: { Ref: stack.getLogicalId(reports.node.defaultChild as apigwv2.CfnApi) }, ApiMappingKey: 'v1/reports', DomainName: { Ref: domainId }, Stage: '$default' },
      { ApiId: { Ref: stack.getLogicalId(reports.node.defaultChild as apigwv2.CfnApi) }, ApiMappingKey: 'reports', DomainName: { Ref: domainId }, Stage: '$default' },
    ]));
    expect(mappings).toHaveLength(3);
    t.resourceCountIs('AWS::ApiGateway::BasePathMapping', 0);
    // The default HTTP stage's name is a literal, so the dependency is explicit.
    const httpMappings = Object.values<any>(t.findResources('AWS::ApiGatewayV2::ApiMapping', { Properties: { Stage: '$default' } }));
    for (const mapping of httpMappings) {
      expect(mapping.DependsOn).toEqual([stack.getLogicalId(reports.defaultStage!.node.defaultChild as apigwv2.CfnStage)]);
    }
  });

  test.each([[''], ['/']])('the root path %j maps a REST API with no base path', (root) => {
    const { stack, domain } = build();
    domain.addRestApi(root, secureApi(stack, 'Orders'));
    const [, mapping] = only(Template.fromStack(stack), 'AWS::ApiGateway::BasePathMapping');
    expect(mapping.Properties.BasePath).toBeUndefined();
  });

  test('the root path maps an HTTP API with no mapping key', () => {
    const { stack, domain } = build();
    domain.addHttpApi('/', compliantHttpApi(stack, 'Reports'));
    const [, mapping] = only(Template.fromStack(stack), 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping.Properties.ApiMappingKey).toBeUndefined();
  });

  test('a specific stage of a REST API', () => {
    const { stack, domain } = build();
    const api = secureApi(stack, 'Orders');
    const beta = new apigw.Stage(stack, 'Beta', { deployment: new apigw.Deployment(stack, 'BetaDeployment', { api }), stageName: 'beta' });
    domain.addRestApi('orders-beta', api, { stage: beta });
    domain.addRestApi('v2/orders-beta', api, { stage: beta });
    const t = Template.fromStack(stack);
    const betaRef = { Ref: stack.getLogicalId(beta.node.defaultChild as apigw.CfnStage) };
    t.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'orders-beta', Stage: betaRef });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'v2/orders-beta', Stage: betaRef });
  });

  test('a specific stage of an HTTP API', () => {
    const { stack, domain } = build();
    const reports = compliantHttpApi(stack, 'Reports');
    const canary = reports.addStage('Canary', { stageName: 'canary', throttle: { rateLimit: 10, burstLimit: 20 } });
    domain.addHttpApi('reports', reports, { stage: canary });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'reports', Stage: 'canary' });
  });
});

describe('ApiDomain options', () => {
  test('a given certificate, and no hosted zone: outputs for the DNS provider instead of records', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', certificate });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    const [domainId] = only(t, 'AWS::ApiGateway::DomainName');
    t.hasResourceProperties('AWS::ApiGateway::DomainName', { RegionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    t.hasOutput('*', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
    t.hasOutput('*', { Value: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } });
  });

  test('EDGE with a us-east-1 certificate', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const { domain } = build({ endpointType: apigw.EndpointType.EDGE, certificate }, stack);
    domain.addRestApi('orders', secureApi(stack, 'Orders'));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      EndpointConfiguration: { Types: ['EDGE'] },
      CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    });
    const [domainId] = only(t, 'AWS::ApiGateway::DomainName');
    t.hasResourceProperties('AWS::Route53::RecordSet', { Type: 'A', AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'DistributionDomainName'] } } });
  });

  test('EDGE in us-east-1 creates its certificate there', () => {
    const stack = newStack({ env: { account: '123456789012', region: 'us-east-1' } });
    build({ endpointType: apigw.EndpointType.EDGE }, stack);
    Template.fromStack(stack).resourceCountIs('AWS::CertificateManager::Certificate', 1);
  });

  test('mutual TLS with a truststore in S3', () => {
    const stack = newStack();
    const truststore = s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore-bucket');
    build({ mtls: { bucket: truststore, key: 'clients/ca.pem', version: 'v1' } }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      MutualTlsAuthentication: { TruststoreUri: 's3://truststore-bucket/clients/ca.pem', TruststoreVersion: 'v1' },
      SecurityPolicy: 'TLS_1_2',
    });
  });

  test('a TLS 1.3 security policy, served in the STRICT access mode', () => {
    const { stack } = build({ securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      EndpointAccessMode: 'STRICT',
    });
  });

  test('a certificate created in a us-east-1 stack serves an EDGE domain elsewhere', () => {
    const app = new App();
    const certificates = new Stack(app, 'Certificates', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const certificate = new acm.Certificate(certificates, 'Certificate', { domainName: 'api.example.com' });
    const stack = new Stack(app, 'ApiStack', { env: ENV, crossRegionReferences: true });
    new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', certificate, endpointType: apigw.EndpointType.EDGE, hostedZone: zoneIn(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { EndpointConfiguration: { Types: ['EDGE'] } });
  });

  test('an env-agnostic stack: no region checks, and the domain still builds', () => {
    const stack = newStack({});
    const { domain } = build({}, stack);
    domain.addRestApi('orders', secureApi(stack, 'Orders'));
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
  });
});

/** What a default SecureRestApi acknowledges: COG4 on its IAM methods, the packs' stage-wide cache rule on its stage. */
const STAGE_AND_IAM_RULES = [
  'AwsSolutions-COG4',
  'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R4-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
  'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
  'HIPAA.Security-APIGWSSLEnabled',
  'NIST.800.53.R5-APIGWSSLEnabled',
  'PCI.DSS.321-APIGWSSLEnabled',
];

describe('ApiDomain compliance', () => {
  test('five SecureRestApis on one ApiDomain: zero findings in all six packs; only COG4 (IAM), the stage-wide cache and the client certificate are acknowledged', () => {
    const { stack, domain } = build();
    FIVE.forEach((name) => domain.addRestApi(name, secureApi(stack, name)));
    const report = expectCompliant(stack);
    // One COG4 per method; the four packs' cache rule and the three packs' client certificate rule on each of the five stages.
    expect(report.acknowledgments).toHaveLength(5 + 5 * 4 + 5 * 3);
    expect(new Set(report.acknowledgments.map((a) => a.ruleId))).toEqual(new Set(STAGE_AND_IAM_RULES));
  });

  test('maximal: mTLS, no hosted zone, multi-level REST and HTTP mappings: zero findings', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const truststore = s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore-bucket');
    const domain = new ApiDomain(stack, 'Domain', {
      domainName: 'api.example.com',
      certificate,
      mtls: { bucket: truststore, key: 'ca.pem' },
    });
    domain.addRestApi('orders', secureApi(stack, 'Orders'));
    domain.addRestApi('v1/users', secureApi(stack, 'Users'));
    domain.addHttpApi('v1/reports', compliantHttpApi(stack, 'Reports'));
    const report = expectCompliant(stack);
    expect(new Set(report.acknowledgments.map((a) => a.ruleId))).toEqual(new Set(STAGE_AND_IAM_RULES));
  });
});

describe('ApiDomain errors', () => {
  test.each([
    ['a single label', 'localhost'],
    ['a space', 'api example.com'],
    ['a leading hyphen', '-api.example.com'],
    ['an empty label', 'api..example.com'],
    ['a label over 63 characters', `${'a'.repeat(64)}.example.com`],
    ['a numeric top-level domain', 'api.example.123'],
    ['a scheme', 'https://api.example.com'],
  ])('an invalid domainName (%s)', (_case, domainName) => {
    const stack = newStack();
    expect(() => new ApiDomain(stack, 'Domain', { domainName, hostedZone: zoneIn(stack) })).toThrow(new Error(
      '`domainName` must be a DNS name such as \'api.example.com\' or \'*.example.com\' (labels of letters, digits and hyphens, ' +
      `at most 63 characters each and 253 in all), got: '${domainName}'.`),
    );
    expect(stack.node.tryFindChild('Domain')).toBeUndefined();
  });

  test('a wildcard domain name is valid', () => {
    const { stack } = build({ domainName: '*.example.com' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: '*.example.com' });
  });

  test.each<[string, (stack: Stack) => Partial<ApiDomainProps>, string]>([
    ['no certificate and no hosted zone', () => ({ hostedZone: undefined }),
      'ApiDomain needs `certificate`, or `hostedZone` to create a DNS-validated certificate in; got neither for domainName \'api.example.com\'.'],
    ['a domain outside the hosted zone', () => ({ domainName: 'api.example.org' }),
      '`domainName` \'api.example.org\' is not in `hostedZone` \'example.com\'; the alias records can only be created inside the zone.'],
    ['a PRIVATE endpoint', () => ({ endpointType: apigw.EndpointType.PRIVATE }), '`endpointType` must be REGIONAL or EDGE, got: PRIVATE.'],
    ['TLS 1.0', () => ({ securityPolicy: apigw.SecurityPolicy.TLS_1_0 }), '`securityPolicy` must allow TLS 1.2 or newer only, got: TLS_1_0.'],
    ['mutual TLS on EDGE', (stack) => ({
      endpointType: apigw.EndpointType.EDGE,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
      mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore-bucket'), key: 'ca.pem' },
    }), '`mtls` needs a REGIONAL ApiDomain (API Gateway supports mutual TLS on regional custom domains only), got endpointType: EDGE.'],
    ['mutual TLS with an enhanced security policy', (stack) => ({
      securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09,
      mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore-bucket'), key: 'ca.pem' },
    }), '`mtls` needs `securityPolicy` TLS_1_2 (API Gateway does not support mutual TLS with the enhanced security policies), ' +
      'got: SecurityPolicy_TLS13_1_3_2025_09.'],
    ['EDGE with a certificate outside us-east-1', (stack) => ({
      endpointType: apigw.EndpointType.EDGE,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    }), '`certificate` must be in us-east-1 for an EDGE ApiDomain (CloudFront serves it), got one in: eu-west-1.'],
    ['EDGE creating its certificate outside us-east-1', () => ({ endpointType: apigw.EndpointType.EDGE }),
      'An EDGE ApiDomain needs its certificate in us-east-1, but would create it in this stack\'s region, eu-west-1: ' +
      'pass `certificate` from us-east-1, or use endpointType REGIONAL.'],
    ['REGIONAL with a certificate from another region', (stack) => ({
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    }), '`certificate` must be in this stack\'s region (eu-west-1) for a REGIONAL ApiDomain, got one in: us-east-1.'],
  ])('%s', (_case, props, message) => {
    const stack = newStack();
    const hostedZone = zoneIn(stack);
    expect(() => new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone, ...props(stack) })).toThrow(message);
    expect(stack.node.tryFindChild('Domain')).toBeUndefined();
  });

  test.each([
    ['/orders'], ['orders/'], ['v1//orders'], ['orders?x=1'], ['or ders'], ['ördërs'], ['v1/orders/'],
  ])('an invalid basePath %j', (basePath) => {
    const { stack, domain } = build();
    expect(() => domain.addRestApi(basePath, secureApi(stack, 'Orders'))).toThrow(new Error(
      '`basePath` must be \'\' or \'/\' for the root, or segments of letters, digits, \'.\', \'_\' and \'-\' separated by single \'/\', ' +
      `without a leading or trailing '/', got: '${basePath}'.`),
    );
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::BasePathMapping', 0);
    t.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
  });

  test('a duplicate basePath, across REST and HTTP APIs', () => {
    const { stack, domain } = build();
    domain.addRestApi('orders', secureApi(stack, 'Orders'));
    expect(() => domain.addHttpApi('orders', compliantHttpApi(stack, 'Reports'))).toThrow(new Error(
      '`basePath` \'orders\' is already mapped on api.example.com (to ApiStack/Orders); each base path serves one API, so ApiStack/Reports needs another.'),
    );
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
  });

  test('the root mapping beside others, in either order', () => {
    const first = build();
    first.domain.addRestApi('orders', secureApi(first.stack, 'Orders'));
    expect(() => first.domain.addRestApi('/', secureApi(first.stack, 'Users'))).toThrow(new Error(
      'The root `basePath` \'/\' cannot be added to api.example.com, which already maps: \'orders\'. ' +
      'The root mapping receives every path, so it must be the domain\'s only mapping.'),
    );
    const second = build();
    second.domain.addRestApi('', secureApi(second.stack, 'Orders'));
    expect(() => second.domain.addHttpApi('reports', compliantHttpApi(second.stack, 'Reports'))).toThrow(new Error(
      '`basePath` \'reports\' cannot be added to api.example.com, which has a root mapping (to ApiStack/Orders). ' +
      'The root mapping receives every path, so it must be the domain\'s only mapping.'),
    );
    expect(() => second.domain.addRestApi('/', secureApi(second.stack, 'Users'))).toThrow(new Error(
      '`basePath` \'/\' is already mapped on api.example.com (to ApiStack/Orders); each base path serves one API, so ApiStack/Users needs another.'),
    );
  });

  test('EDGE with a multi-level path, or with an HTTP API', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const { domain } = build({ endpointType: apigw.EndpointType.EDGE, certificate }, stack);
    expect(() => domain.addRestApi('v1/orders', secureApi(stack, 'Orders'))).toThrow(new Error(
      '`basePath` \'v1/orders\' has several segments, which needs a REGIONAL ApiDomain (API Gateway v2 API mappings don\'t support EDGE domains), ' +
      'got endpointType: EDGE.'),
    );
    expect(() => domain.addHttpApi('reports', compliantHttpApi(stack, 'Reports'))).toThrow(new Error(
      'HTTP APIs can only be mapped to a REGIONAL ApiDomain, got endpointType: EDGE (mapping ApiStack/Reports at \'reports\').'),
    );
  });

  test('more multi-level mappings than API Gateway allows on one domain', () => {
    const { stack, domain } = build();
    const api = new apigw.RestApi(stack, 'Many', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    for (let i = 0; i < 200; i++) {
      domain.addRestApi(`v1/path${i}`, api);
    }
    // Single-segment mappings don't count towards the limit.
    domain.addRestApi('single', api);
    expect(() => domain.addRestApi('v1/path200', api)).toThrow(new Error(
      '`basePath` \'v1/path200\' would be multi-level mapping number 201 on api.example.com; ' +
      'API Gateway allows at most 200 per domain (a quota that cannot be raised). Use another ApiDomain for the rest.'),
    );
  });

  test('a stage of another API, and an HTTP API without a default stage', () => {
    const { stack, domain } = build();
    const orders = secureApi(stack, 'Orders');
    const users = secureApi(stack, 'Users');
    expect(() => domain.addRestApi('orders', orders, { stage: users.deploymentStage })).toThrow(new Error(
      '`options.stage` must be a stage of the API mapped at \'orders\' (ApiStack/Orders), got a stage of: ApiStack/Users.'),
    );
    const bare = new apigwv2.HttpApi(stack, 'Bare', { createDefaultStage: false });
    expect(() => domain.addHttpApi('bare', bare)).toThrow(new Error('HTTP API ApiStack/Bare has no default stage to map at \'bare\'; pass `options.stage`.'));
  });
});
