import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { ApiAuthorization, ApiClientCertificate, ApiFirewall, SecureRestApi, SecureRestApiProps } from '../../src';
import { auditStack, expectCompliant } from '../compliance';
import { validationError } from '../errors';
import { resolveName, TWO_STACK_IDS } from '../names';

function newStack() {
  return new Stack(new App(), 'ApiStack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

/** A SecureRestApi with one GET method on /items (a mock integration, so nothing else is in the stack). */
function build(props: SecureRestApiProps = {}) {
  const stack = newStack();
  const api = new SecureRestApi(stack, 'Orders', props);
  const method = api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
  return { stack, api, method, template: () => Template.fromStack(stack) };
}

function only(template: Template, type: string): [string, any] {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, any];
}

function stageOf(template: Template): any {
  return only(template, 'AWS::ApiGateway::Stage')[1];
}

function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: any } } | any): string {
  return stack.getLogicalId((construct.node.defaultChild ?? construct) as any);
}

const STAGE_RULES = /-(APIGWCacheEnabledAndEncrypted|APIGWSSLEnabled)$/;

/** The acknowledgments other than the packs' stage-wide cache and client certificate rules (tested on their own). */
function beyondTheStageRules<T extends { ruleId: string }>(acknowledgments: T[]): T[] {
  return acknowledgments.filter((a) => !STAGE_RULES.test(a.ruleId));
}

describe('SecureRestApi defaults', () => {
  test('a REGIONAL REST API deployed to a "prod" stage, without an account setting of its own (nor CDK\'s CloudWatch role)', () => {
    const { template } = build();
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Orders', EndpointConfiguration: { Types: ['REGIONAL'] } });
    expect(stageOf(t).Properties.StageName).toEqual('prod');
    t.resourceCountIs('AWS::ApiGateway::Account', 0);
    t.resourceCountIs('AWS::IAM::Role', 0);
    expect(JSON.stringify(t.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
  });

  test('X-Ray tracing, execution logging at ERROR without data tracing, throttling, and no response cache', () => {
    const stage = stageOf(build().template()).Properties;
    expect(stage.TracingEnabled).toBe(true);
    // No method caches its responses, so there is no cache cluster to pay for.
    expect(stage.CacheClusterEnabled).toBe(false);
    expect(stage.CacheClusterSize).toBeUndefined();
    expect(stage.MethodSettings).toEqual([{
      HttpMethod: '*',
      ResourcePath: '/*',
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      ThrottlingRateLimit: 1000,
      ThrottlingBurstLimit: 2000,
      CachingEnabled: false,
      CacheDataEncrypted: true,
    }]);
  });

  test('JSON access logs with request id, caller, status and latency, to a KMS-encrypted log group kept for a year', () => {
    const { stack, api, template } = build();
    const t = template();
    const setting = stageOf(t).Properties.AccessLogSetting;
    expect(setting.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, api.accessLogGroup), 'Arn'] });
    const format = JSON.parse(setting.Format);
    expect(format).toEqual(expect.objectContaining({
      requestId: '$context.requestId',
      caller: '$context.identity.caller',
      userArn: '$context.identity.userArn',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
    }));
    const [, group] = Object.entries<any>(t.findResources('AWS::Logs::LogGroup')).find(([id]) => id === logicalIdOf(stack, api.accessLogGroup))!;
    expect(group.DeletionPolicy).toEqual('Retain');
    expect(group.Properties).toEqual({
      // The name the account's CloudWatch role may write (ApiGatewayAccountLogging).
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Access-Logs_', { Ref: logicalIdOf(stack, api) }, '/prod']] },
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(stack, api.logEncryptionKey), 'Arn'] },
      RetentionInDays: 365,
    });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('the execution log group is created by the API, encrypted, and before the stage', () => {
    const { stack, api, template } = build();
    const t = template();
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: logicalIdOf(stack, api) }, '/prod']] },
        KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(stack, api.logEncryptionKey), 'Arn'] },
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
    });
    expect(stageOf(t).DependsOn).toEqual([logicalIdOf(stack, api.executionLogGroup)]);
  });

  // API Gateway Developer Guide, "Generate and configure an SSL certificate for backend
  // authentication": the certificate only reaches HTTP integrations, and expires after 365 days.
  test('no client certificate: the packs\' APIGWSSLEnabled rule is acknowledged on the stage with the reason', () => {
    const { api, template } = build();
    const t = template();
    expect(stageOf(t).Properties.ClientCertificateId).toBeUndefined();
    t.resourceCountIs('AWS::ApiGateway::ClientCertificate', 0);
    expect(api.clientCertificateId).toBeUndefined();
    const suppressed = stageOf(t).Metadata.cdk_nag.rules_to_suppress.filter((r: any) => r.id.endsWith('-APIGWSSLEnabled'));
    expect(suppressed.map((r: any) => r.id)).toEqual(['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled']);
    expect(suppressed[0].reason).toMatch(/^A client certificate only lets an HTTP backend check that a call came from API Gateway/);
  });

  test('every method is authorized by IAM and validates its body and parameters', () => {
    const { stack, api, template } = build();
    api.root.addMethod('POST', new apigw.MockIntegration());
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    const methods = Object.values<any>(t.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toEqual('AWS_IAM');
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: logicalIdOf(stack, api.requestValidator) });
    }
  });

  test('a method keeps a request validator of its own', () => {
    const { stack, api, template } = build();
    const own = api.addRequestValidator('BodyOnly', { validateRequestBody: true, validateRequestParameters: false });
    api.root.addMethod('POST', new apigw.MockIntegration(), { requestValidator: own });
    template().hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', RequestValidatorId: { Ref: logicalIdOf(stack, own) } });
  });

  test('a regional web ACL with the three AWS managed rule groups and a per-IP rate rule, associated with the stage', () => {
    const { stack, api, template } = build();
    const t = template();
    const [aclId, acl] = only(t, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toEqual('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.map((r: any) => [r.Priority, r.Name])).toEqual([
      [0, 'AWSManagedRulesCommonRuleSet'],
      [1, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [2, 'AWSManagedRulesAmazonIpReputationList'],
      [3, 'RateLimitPerClientIp'],
    ]);
    expect(acl.Properties.Rules[3]).toEqual(expect.objectContaining({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    }));
    const [stageId] = only(t, 'AWS::ApiGateway::Stage');
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(stack, api) }, '/stages/', { Ref: stageId }])] },
    });
    expect(api.webAcl).toBeDefined();
  });

  test('the web ACL logs to an encrypted aws-waf-logs- log group, with credentials redacted', () => {
    const { stack, api, template } = build();
    const t = template();
    const [aclId] = only(t, 'AWS::WAFv2::WebACL');
    const [, logging] = only(t, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(logging.Properties.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
      { SingleHeader: { Name: 'x-amz-security-token' } },
    ]);
    const wafLogGroups = (Object.entries(t.findResources('AWS::Logs::LogGroup')) as Array<[string, any]>)
      .filter(([, group]) => JSON.stringify(group.Properties.LogGroupName ?? '').includes('aws-waf-logs-'));
    expect(wafLogGroups).toHaveLength(1);
    const [[wafLogGroupId, wafLogGroup]] = wafLogGroups;
    expect(wafLogGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, api.logEncryptionKey), 'Arn'] });
    expect(wafLogGroup.Properties.RetentionInDays).toEqual(365);
    // The group is retained and its name is fixed, so the name carries the
    // stack id: a re-created stack does not collide with the retained group.
    const [first, second] = TWO_STACK_IDS.map((stackId) => resolveName(wafLogGroup.Properties.LogGroupName, stackId));
    expect(first).toMatch(/^aws-waf-logs-.+-51af3dc0$/);
    expect(second).toEqual(first.replace('51af3dc0', '9c1e04f0'));
    expect(first.length).toBeLessThanOrEqual(256);
    expect(logging.Properties.LogDestinationConfigs).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:', { Ref: wafLogGroupId }]] },
    ]);
  });

  test('the execute-api endpoint stays open while the API is not mapped to a domain', () => {
    const { template } = build();
    const t = template();
    expect(only(t, 'AWS::ApiGateway::RestApi')[1].Properties.DisableExecuteApiEndpoint).toBeUndefined();
    t.hasOutput('*', { Value: { 'Fn::Join': ['', Match.arrayWith(['.execute-api.eu-west-1.'])] } });
  });
});

describe('SecureRestApi options', () => {
  test('INFO execution logging, a shorter retention, a given key, throttling and cache settings', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const api = new SecureRestApi(stack, 'Orders', {
      restApiName: 'orders-api',
      description: 'Orders',
      stageName: 'live',
      executionLoggingLevel: apigw.MethodLoggingLevel.INFO,
      logs: { retention: logs.RetentionDays.THREE_MONTHS, encryptionKey: key },
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      cacheTtl: Duration.minutes(10),
      cacheClusterSize: '1.6',
    });
    api.cacheResponses(api.root.addMethod('GET', new apigw.MockIntegration()));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'orders-api', Description: 'Orders' });
    const stage = stageOf(t).Properties;
    expect(stage.StageName).toEqual('live');
    expect(stage.CacheClusterEnabled).toBe(true);
    expect(stage.CacheClusterSize).toEqual('1.6');
    const stageWide = { LoggingLevel: 'INFO', DataTraceEnabled: false, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 };
    expect(stage.MethodSettings).toEqual([
      { HttpMethod: '*', ResourcePath: '/*', ...stageWide, CachingEnabled: false, CacheDataEncrypted: true },
      { HttpMethod: 'GET', ResourcePath: '/', ...stageWide, CachingEnabled: true, CacheDataEncrypted: true, CacheTtlInSeconds: 600 },
    ]);
    expect(api.logEncryptionKey).toBe(key);
    // The given key and the alarm topic's.
    expect(Object.keys(t.findResources('AWS::KMS::Key'))).toEqual([stack.getLogicalId(key.node.defaultChild as kms.CfnKey), expect.stringMatching(/^OrdersAlarmTopicKey/)]);
    const groups = Object.values<any>(t.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toEqual(90);
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
    }
  });
});

/**
 * API Gateway keys a cached response by the resource path and the method's
 * cache-key parameters only ("Use method or integration parameters as cache
 * keys to index cached responses",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html),
 * and a cache-key parameter must also be a method request parameter
 * (Integration.cacheKeyParameters,
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html).
 */
describe('SecureRestApi response cache', () => {
  function methodOf(template: Template, path: string, httpMethod: string): any {
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const resourceId = Object.entries<any>(resources).find(([, r]) => r.Properties.PathPart === path)?.[0];
    const methods = Object.values<any>(template.findResources('AWS::ApiGateway::Method')).filter((m) =>
      m.Properties.HttpMethod === httpMethod && m.Properties.ResourceId.Ref === resourceId);
    expect(methods).toHaveLength(1);
    return methods[0].Properties;
  }

  test('a cached GET is keyed by its path parameters and declared query strings, with its own TTL', () => {
    const { stack, api } = build();
    const item = api.root.addResource('catalogue').addResource('{itemId}').addResource('{part+}');
    const method = item.addMethod('GET', new apigw.MockIntegration(), {
      requestParameters: { 'method.request.querystring.page': false },
    });
    api.cacheResponses(method, { ttl: Duration.seconds(30), cacheKeyParameters: ['method.request.header.Accept-Language'] });
    const t = Template.fromStack(stack);
    const properties = methodOf(t, '{part+}', 'GET');
    const keys = [
      'method.request.path.itemId',
      'method.request.path.part',
      'method.request.querystring.page',
      'method.request.header.Accept-Language',
    ];
    expect(properties.Integration.CacheKeyParameters).toEqual(keys);
    expect(properties.RequestParameters).toEqual({
      'method.request.querystring.page': false,
      'method.request.path.itemId': true,
      'method.request.path.part': true,
      'method.request.header.Accept-Language': false,
    });
    const stage = stageOf(t).Properties;
    expect(stage.CacheClusterEnabled).toBe(true);
    expect(stage.CacheClusterSize).toEqual('0.5');
    expect(stage.MethodSettings[1]).toEqual({
      HttpMethod: 'GET',
      ResourcePath: '/~1catalogue~1{itemId}~1{part+}',
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      ThrottlingRateLimit: 1000,
      ThrottlingBurstLimit: 2000,
      CachingEnabled: true,
      CacheDataEncrypted: true,
      CacheTtlInSeconds: 30,
    });
    expect(stage.MethodSettings).toHaveLength(2);
    expectCompliant(stack);
  });

  test('only the cached method is cached: the others stay off, at stage level', () => {
    const { stack, api, method } = build();
    const mine = api.root.addResource('me').addMethod('GET', new apigw.MockIntegration());
    api.cacheResponses(method);
    const t = Template.fromStack(stack);
    const settings = stageOf(t).Properties.MethodSettings;
    expect(settings.map((s: any) => [s.HttpMethod, s.ResourcePath, s.CachingEnabled, s.CacheTtlInSeconds])).toEqual([
      ['*', '/*', false, undefined],
      ['GET', '/~1items', true, 60],
    ]);
    expect(methodOf(t, 'me', 'GET').Integration.CacheKeyParameters).toBeUndefined();
    // A path without parameters has no keys to declare.
    expect(methodOf(t, 'items', 'GET').Integration.CacheKeyParameters).toEqual([]);
    expect(mine.httpMethod).toEqual('GET');
  });

  test('changing a method\'s cache keys redeploys the stage', () => {
    const deploymentOf = (keys: string[]) => {
      const { template, api, method } = build();
      api.cacheResponses(method, { cacheKeyParameters: keys });
      return Object.keys(template().findResources('AWS::ApiGateway::Deployment'));
    };
    expect(deploymentOf(['method.request.header.Accept'])).not.toEqual(deploymentOf(['method.request.header.Accept-Language']));
  });

  test('the packs\' stage-wide cache rule is acknowledged with the reason', () => {
    const { stack } = build();
    const report = auditStack(stack);
    expect(report.findings).toEqual([]);
    const cacheAcknowledgments = report.acknowledgments.filter((a) => a.ruleId.endsWith('-APIGWCacheEnabledAndEncrypted'));
    expect(cacheAcknowledgments.map((a) => a.ruleId).sort()).toEqual([
      'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      'NIST.800.53.R4-APIGWCacheEnabledAndEncrypted',
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
    ]);
    for (const acknowledgment of cacheAcknowledgments) {
      expect(acknowledgment.reason).toContain('not by caller');
    }
  });

  test.each<[string, (api: SecureRestApi, method: apigw.Method) => void, string]>([
    ['a method of another API', (_api, method) => {
      const other = new apigw.RestApi(Stack.of(method), 'Other', { cloudWatchRole: false });
      _api.cacheResponses(other.root.addMethod('GET', new apigw.MockIntegration()));
    }, '`cacheResponses()` needs a method of ApiStack/Orders, got one of: ApiStack/Other.'],
    ['a POST', (api) => api.cacheResponses(api.root.addMethod('POST', new apigw.MockIntegration())),
      '`cacheResponses()` caches GET methods only (API Gateway caches GET responses), got: POST /.'],
    ['a TTL over an hour', (api, method) => api.cacheResponses(method, { ttl: Duration.hours(2) }),
      '`cacheResponses()` `ttl` must be from 1 to 3600 seconds, got: 7200 seconds.'],
    ['a zero TTL', (api, method) => api.cacheResponses(method, { ttl: Duration.seconds(0) }),
      '`cacheResponses()` `ttl` must be from 1 to 3600 seconds, got: 0 seconds.'],
    ['a key that is not a request parameter', (api, method) => api.cacheResponses(method, { cacheKeyParameters: ['Accept-Language'] }),
      '`cacheKeyParameters` must name request parameters such as \'method.request.querystring.page\' or ' +
      '\'method.request.header.Accept-Language\', got: \'Accept-Language\'.'],
  ])('%s is refused', (_name, call, message) => {
    const { api, method, template } = build();
    expect(() => call(api, method)).toThrow(message);
    // Nothing was cached.
    for (const stage of Object.values<any>(template().findResources('AWS::ApiGateway::Stage'))) {
      expect(stage.Properties.CacheClusterEnabled).not.toBe(true);
    }
  });
});

describe('SecureRestApi firewall options', () => {
  test('a rate limit for the created web ACL', () => {
    const t = build({ firewall: ApiFirewall.managedRules({ requestsPerIpPer5Minutes: 500 }) }).template();
    const [, acl] = only(t, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Rules[3].Statement.RateBasedStatement.Limit).toEqual(500);
  });

  test('a web ACL shared by two APIs is associated with both stages and created once', () => {
    const stack = newStack();
    const orders = new SecureRestApi(stack, 'Orders');
    const users = new SecureRestApi(stack, 'Users', { firewall: ApiFirewall.fromWebAcl(orders.webAcl!) });
    for (const api of [orders, users]) {
      api.root.addMethod('GET', new apigw.MockIntegration());
    }
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const associations = Object.values<any>(t.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(associations.map((a) => a.Properties.WebACLArn)).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(stack, orders.webAcl!), 'Arn'] },
      { 'Fn::GetAtt': [logicalIdOf(stack, orders.webAcl!), 'Arn'] },
    ]);
    expect(users.webAcl).toBeUndefined();
    expect(users.webAclArn).toBe(orders.webAclArn);
  });

  test('a web ACL managed elsewhere, by ARN', () => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/central/1111-2222';
    const t = build({ firewall: ApiFirewall.fromWebAclArn(arn) }).template();
    t.resourceCountIs('AWS::WAFv2::WebACL', 0);
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
  });

  test('Cognito user pool authorization with scopes', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Users');
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
    const api = new SecureRestApi(stack, 'Orders', { authorization: ApiAuthorization.cognito(authorizer, ['orders/read']) });
    api.root.addMethod('GET', new apigw.MockIntegration());
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: stack.getLogicalId(authorizer.node.defaultChild as apigw.CfnAuthorizer) },
      AuthorizationScopes: ['orders/read'],
    });
  });

  test('Lambda authorizer', () => {
    const stack = newStack();
    const handler = new lambda.Function(stack, 'AuthorizerFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const authorizer = new apigw.TokenAuthorizer(stack, 'Authorizer', { handler });
    const api = new SecureRestApi(stack, 'Orders', { authorization: ApiAuthorization.lambda(authorizer) });
    api.root.addMethod('GET', new apigw.MockIntegration());
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: stack.getLogicalId(authorizer.node.defaultChild as apigw.CfnAuthorizer) },
    });
  });

  test('grantExecute gives a role execute-api:Invoke on the method through a customer-managed policy', () => {
    const { stack, api, method, template } = build();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantExecute(role, method);
    const t = template();
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(stack, api) }, '/', { Ref: Match.stringLikeRegexp('DeploymentStage') }, '/GET/items'])] },
        }],
      },
    });
  });

  test('a CORS preflight method needs no authorization', () => {
    const { template } = build({ defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' });
  });
});

describe('SecureRestApi unauthenticated methods', () => {
  test('a method with authorization NONE fails synth, naming the method', () => {
    const { api } = build();
    api.root.addResource('health').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
    expect(() => Template.fromStack(Stack.of(api))).toThrow(validationError('ApiStack/Orders',
      'Method GET /health has no authorization. Remove `authorizationType: NONE`, or allow it explicitly with `allowUnauthenticated(method, reason)`.'),
    );
  });

  test('allowUnauthenticated(method, reason) allows it and records the reason for cdk-nag', () => {
    const { stack, api } = build();
    const health = api.root.addResource('health').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
    api.allowUnauthenticated(health, 'Load balancer health checks cannot sign requests.');
    const report = expectCompliant(stack);
    const onHealth = report.acknowledgments.filter((a) => a.path.includes('/health/GET/'));
    expect(onHealth.map((a) => [a.ruleId, a.reason])).toEqual([
      ['AwsSolutions-APIG4', 'Load balancer health checks cannot sign requests.'],
      ['AwsSolutions-COG4', 'Load balancer health checks cannot sign requests.'],
    ]);
  });

  test('ApiAuthorization.allowUnauthenticated(reason) makes the whole API public, with that reason', () => {
    const { stack, template } = build({ authorization: ApiAuthorization.allowUnauthenticated('A public catalogue, readable by anyone.') });
    template().hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'NONE' });
    const report = expectCompliant(stack);
    expect(new Set(beyondTheStageRules(report.acknowledgments).map((a) => a.reason))).toEqual(new Set(['A public catalogue, readable by anyone.']));
  });

  test('a reason shorter than 10 characters is rejected', () => {
    const { api, method } = build();
    expect(() => api.allowUnauthenticated(method, 'short')).toThrow(new Error(
      '`allowUnauthenticated()` needs a reason of at least 10 characters that says why callers need no authorization, got: \'short\'.'),
    );
    expect(() => ApiAuthorization.allowUnauthenticated(' ')).toThrow(new Error(
      'ApiAuthorization.allowUnauthenticated() needs a reason of at least 10 characters that says why callers need no authorization, got: \' \'.'),
    );
  });

  test('allowUnauthenticated() and grantExecute() need a method of this API', () => {
    const { stack, api } = build();
    const other = new apigw.RestApi(stack, 'Other', { cloudWatchRole: false });
    const foreign = other.root.addMethod('GET', new apigw.MockIntegration());
    expect(() => api.allowUnauthenticated(foreign, 'Health checks cannot sign requests.')).toThrow(new Error(
      '`allowUnauthenticated()` needs a method of ApiStack/Orders, got one of: ApiStack/Other.'),
    );
    expect(() => api.grantExecute(new iam.AccountRootPrincipal(), foreign)).toThrow(new Error(
      '`grantExecute()` needs a method of ApiStack/Orders, got one of: ApiStack/Other.'),
    );
  });
});

describe('SecureRestApi compliance', () => {
  test('default: zero findings in all six packs; acknowledged are COG4 for IAM authorization on each method, and the stage-wide cache', () => {
    const { stack, api } = build();
    api.root.addMethod('POST', new apigw.MockIntegration());
    const report = expectCompliant(stack);
    expect(report.acknowledgments.map((a) => [a.ruleId, a.path])).toEqual([
      ['HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['HIPAA.Security-APIGWSSLEnabled', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['NIST.800.53.R4-APIGWCacheEnabledAndEncrypted', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['NIST.800.53.R5-APIGWSSLEnabled', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['PCI.DSS.321-APIGWCacheEnabledAndEncrypted', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['PCI.DSS.321-APIGWSSLEnabled', 'ApiStack/Orders/DeploymentStage.prod/Resource'],
      ['AwsSolutions-COG4', 'ApiStack/Orders/Default/items/GET/Resource'],
      ['AwsSolutions-COG4', 'ApiStack/Orders/Default/POST/Resource'],
    ]);
    const cog4 = beyondTheStageRules(report.acknowledgments);
    expect(new Set(cog4.map((a) => a.reason)).size).toBe(1);
    expect(cog4[0].reason).toMatch(/^The method is authorized by IAM/);
  });

  test('the COG4 acknowledgment holds for cdk-nag 3 too (which validates after the aspects have run)', () => {
    const { stack } = build();
    const plain = new apigw.RestApi(stack, 'Plain', { cloudWatchRole: false });
    plain.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    Template.fromStack(stack);
    const cog4 = new AwsSolutionsChecksV3().validateScope(stack).violations.find((v) => v.ruleName === 'AwsSolutions-COG4');
    expect(cog4?.violatingResources.map((r) => r.constructPath)).toEqual(['ApiStack/Plain/Default/GET/Resource']);
  });

  test('the acknowledgment is what clears COG4: an IAM method on a plain RestApi is reported', () => {
    const { stack } = build();
    const plain = new apigw.RestApi(stack, 'Plain', { cloudWatchRole: false });
    plain.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    const report = auditStack(stack);
    expect(report.findings.filter((f) => f.ruleId === 'AwsSolutions-COG4').map((f) => f.path)).toEqual(['ApiStack/Plain/Default/GET/Resource']);
  });

  test('maximal: Cognito authorization, INFO logging, a given key, a shared web ACL, CORS, a cached GET, client certificates: zero findings, only the cache rule acknowledged', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Users', {
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    });
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logs.eu-west-1.amazonaws.com')],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
    }));
    const first = new SecureRestApi(stack, 'Orders', {
      authorization: ApiAuthorization.cognito(authorizer, ['orders/read']),
      executionLoggingLevel: apigw.MethodLoggingLevel.INFO,
      logs: { encryptionKey: key, retention: logs.RetentionDays.SIX_MONTHS },
      throttlingRateLimit: 20,
      throttlingBurstLimit: 40,
      cacheTtl: Duration.minutes(5),
      cacheClusterSize: '1.6',
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
      firewall: ApiFirewall.managedRules({ requestsPerIpPer5Minutes: 300 }),
      clientCertificate: ApiClientCertificate.perApi(),
    });
    const second = new SecureRestApi(stack, 'Users2', {
      authorization: ApiAuthorization.cognito(new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer2', { cognitoUserPools: [pool] })),
      firewall: ApiFirewall.fromWebAcl(first.webAcl!),
      clientCertificate: ApiClientCertificate.fromClientCertificateId(first.clientCertificateId!),
    });
    for (const api of [first, second]) {
      api.cacheResponses(api.root.addResource('items').addMethod('GET', new apigw.MockIntegration()));
    }
    const report = expectCompliant(stack);
    expect(beyondTheStageRules(report.acknowledgments)).toEqual([]);
    expect(report.acknowledgments.every((a) => /-APIGWCacheEnabledAndEncrypted$/.test(a.ruleId))).toBe(true);
    expect(report.acknowledgments).toHaveLength(8);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::ClientCertificate', 1);
    const stages = Object.values(t.findResources('AWS::ApiGateway::Stage')) as any[];
    // The second API shares the first one's certificate.
    expect(stages.map((stage) => stage.Properties.ClientCertificateId.Ref)).toEqual([
      expect.stringMatching(/^OrdersClientCertificate/), expect.stringMatching(/^OrdersClientCertificate/),
    ]);
  });

  test('Lambda authorization: nothing open on the API; COG4 is acknowledged with the Lambda reason', () => {
    const stack = newStack();
    const handler = new lambda.Function(stack, 'AuthorizerFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const api = new SecureRestApi(stack, 'Orders', { authorization: ApiAuthorization.lambda(new apigw.TokenAuthorizer(stack, 'Authorizer', { handler })) });
    api.root.addMethod('GET', new apigw.MockIntegration());
    const report = auditStack(stack);
    // The function is the user's; its own findings (VPC, DLQ, concurrency) are not this construct's.
    expect(report.findings.filter((f) => !f.path.startsWith('ApiStack/AuthorizerFunction'))).toEqual([]);
    expect(beyondTheStageRules(report.acknowledgments).map((a) => [a.ruleId, a.reason])).toEqual([
      ['AwsSolutions-COG4', 'The method is authorized by the Lambda authorizer given as ApiAuthorization.lambda(); ' +
        'a Cognito user pool authorizer would replace it, not add to it.'],
    ]);
  });
});

describe('SecureRestApi client certificates', () => {
  test('perApi(): a certificate of the API\'s own, on its stage', () => {
    const { stack, template } = build({ clientCertificate: ApiClientCertificate.perApi() });
    const t = template();
    const [certificateId, certificate] = only(t, 'AWS::ApiGateway::ClientCertificate');
    expect(certificate.Properties.Description).toEqual('Presented by the prod stage of ApiStack/Orders to its HTTP backends');
    expect(stageOf(t).Properties.ClientCertificateId).toEqual({ Ref: certificateId });
    expect(JSON.stringify(stageOf(t).Metadata)).not.toContain('APIGWSSLEnabled');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('client certificates'))).toEqual([]);
  });

  // API Gateway quotas: "Client certificates per account per Region" 60
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
  test('a warning when the app creates more than 60 certificates in one account and region', () => {
    const app = new App();
    const env = { account: '123456789012', region: 'eu-west-1' };
    const shared = new Stack(app, 'Certificates', { env });
    for (let i = 0; i < 60; i++) {
      new apigw.CfnClientCertificate(shared, `Certificate${i}`);
    }
    const stack = new Stack(app, 'ApiStack', { env });
    new SecureRestApi(stack, 'Orders', { clientCertificate: ApiClientCertificate.perApi() }).root.addMethod('GET', new apigw.MockIntegration());
    const otherRegion = new Stack(app, 'OtherRegion', { env: { ...env, region: 'us-east-1' } });
    new SecureRestApi(otherRegion, 'Orders', { clientCertificate: ApiClientCertificate.perApi() }).root.addMethod('GET', new apigw.MockIntegration());
    app.synth();
    Annotations.fromStack(stack).hasWarning('/ApiStack/Orders', 'This app creates 61 API Gateway client certificates in account 123456789012, region eu-west-1, ' +
      'more than the quota of 60 per account and region; this is the 61st. Share one with ApiClientCertificate.fromClientCertificateId(), ' +
      'use ApiClientCertificate.none() where the integrations are not HTTP, or have AWS raise the quota. [ack: cdk-paved-road:client-certificate-quota]');
    expect(Annotations.fromStack(otherRegion).findWarning('*', Match.stringLikeRegexp('client certificates'))).toEqual([]);
  });

  test.each(['', 'Q7AB3D', 'q7ab 3d'])('fromClientCertificateId(%j) is refused', (id) => {
    expect(() => ApiClientCertificate.fromClientCertificateId(id)).toThrow(new Error(
      '`ApiClientCertificate.fromClientCertificateId()` needs the id API Gateway gave the certificate (lowercase letters and digits, ' +
      `such as 'q7ab3d'), got: '${id}'.`,
    ));
  });
});

describe('SecureRestApi errors', () => {
  test.each<[string, SecureRestApiProps, string]>([
    ['stageName', { stageName: 'prod stage' }, '`stageName` must be 1 to 128 letters, digits, hyphens or underscores, got: \'prod stage\'.'],
    ['executionLoggingLevel', { executionLoggingLevel: apigw.MethodLoggingLevel.OFF },
      '`executionLoggingLevel` must be ERROR or INFO (the HIPAA, NIST and PCI packs require execution logging), got: OFF.'],
    ['logs.retention', { logs: { retention: logs.RetentionDays.INFINITE } },
      '`logs.retention` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.'],
    ['throttlingRateLimit', { throttlingRateLimit: 0 }, '`throttlingRateLimit` must be greater than 0 requests per second, got: 0.'],
    ['throttlingBurstLimit', { throttlingBurstLimit: 1.5 }, '`throttlingBurstLimit` must be a whole number from 1 to 9007199254740991, got: 1.5.'],
    ['cacheTtl', { cacheTtl: Duration.hours(2) }, '`cacheTtl` must be from 1 to 3600 seconds, got: 7200 seconds.'],
    ['cacheTtl zero', { cacheTtl: Duration.seconds(0) }, '`cacheTtl` must be from 1 to 3600 seconds, got: 0 seconds.'],
    ['cacheClusterSize', { cacheClusterSize: '2' },
      '`cacheClusterSize` must be one of \'0.5\', \'1.6\', \'6.1\', \'13.5\', \'28.4\', \'58.2\', \'118\', \'237\', got: \'2\'.'],
  ])('%s', (_name, props, message) => {
    const stack = newStack();
    expect(() => new SecureRestApi(stack, 'Orders', props)).toThrow(message);
    // Validation runs before anything is created.
    expect(stack.node.tryFindChild('Orders')).toBeUndefined();
  });

  test('firewall options', () => {
    expect(() => ApiFirewall.managedRules({ requestsPerIpPer5Minutes: 5 })).toThrow(new Error(
      '`requestsPerIpPer5Minutes` must be a whole number from 10 to 2000000000, got: 5.'),
    );
    const stack = newStack();
    const global = new wafv2.CfnWebACL(stack, 'Global', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'global' },
    });
    expect(() => ApiFirewall.fromWebAcl(global)).toThrow(new Error(
      '`ApiFirewall.fromWebAcl()` needs a web ACL with scope REGIONAL (API Gateway stages use regional ACLs), got: CLOUDFRONT.'),
    );
  });

  test('authorizers of the wrong kind', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Users');
    const cognitoAuthorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Cognito', { cognitoUserPools: [pool] });
    const handler = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const tokenAuthorizer = new apigw.TokenAuthorizer(stack, 'Token', { handler });
    expect(() => ApiAuthorization.lambda(cognitoAuthorizer)).toThrow(new Error(
      '`ApiAuthorization.lambda()` needs a Lambda (CUSTOM) authorizer, got one of type: COGNITO_USER_POOLS. Use ApiAuthorization.cognito() for Cognito.'),
    );
    expect(() => ApiAuthorization.cognito(tokenAuthorizer)).toThrow(new Error(
      '`ApiAuthorization.cognito()` needs a Cognito user pools authorizer (apigw.CognitoUserPoolsAuthorizer), got one of type: CUSTOM.'),
    );
  });
});
