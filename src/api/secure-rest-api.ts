import { Annotations, AspectPriority, Aspects, Duration, Fn, IAspect, IResolvable, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { ApiAuthorization } from './api-authorization';
import { ApiClientCertificate } from './api-client-certificate';
import { ApiFirewall } from './api-firewall';
import { ApiGatewayAccountLogging } from './api-gateway-account-logging';
import { validateIntegerInRange, validateUnauthenticatedReason } from './api-validation';
import { RegionalWebAcl } from './regional-web-acl';
import { acknowledgeNagRules } from '../core/acknowledge';
import { AlarmOptions } from '../core/alarm-options';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { grantWithManagedPolicy } from '../core/managed-policy-grant';
import { NagAcknowledgment } from '../core/nag-acknowledgment';
import { DEFAULT_LOG_RETENTION, Profile } from '../core/profile';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, validateAlarmOptions } from '../private/alarm-set';
import { graphWidgets } from '../private/monitoring-widgets';
import { ruleIds } from '../private/nag-packs';
import { checkClientCertificateQuota } from '../private/quotas';
import { createRetainedLogGroup, validateLogOptions } from '../private/retained-log-group';

const DEFAULT_STAGE_NAME = 'prod';
const DEFAULT_THROTTLING_RATE_LIMIT = 1000;
const DEFAULT_THROTTLING_BURST_LIMIT = 2000;
const DEFAULT_CACHE_TTL = Duration.minutes(1);
const MAX_CACHE_TTL_SECONDS = 3600;
const DEFAULT_CACHE_CLUSTER_SIZE = '0.5';
const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
const STAGE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const CACHE_KEY_PARAMETER = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[^.\s]+$/;

/**
 * One JSON object per request: who called, what they asked for, what they got
 * and how long it took. Every value is quoted so the line is valid JSON even
 * when API Gateway leaves a field empty (`-`).
 */
const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userArn: '$context.identity.userArn',
  principalId: '$context.authorizer.principalId',
  domainName: '$context.domainName',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  wafStatus: '$context.waf.status',
  xrayTraceId: '$context.xrayTraceId',
};

/**
 * How a method's responses are cached (`SecureRestApi.cacheResponses()`).
 */
export interface ResponseCacheOptions {
  /**
   * More request parameters that tell responses apart, such as
   * `method.request.header.Accept-Language`. The resource's path parameters
   * and the query string parameters the method declares are always cache
   * keys. A parameter the method does not declare is declared as optional.
   *
   * @default - only the path parameters and the declared query string parameters
   */
  readonly cacheKeyParameters?: string[];

  /**
   * How long a response is kept; 1 to 3600 seconds.
   *
   * @default - the API's `cacheTtl`
   */
  readonly ttl?: Duration;
}

/**
 * Properties of a `SecureRestApi`. Every default satisfies the API Gateway
 * rules of the six cdk-nag packs, or is acknowledged with its reason.
 */
export interface SecureRestApiProps {
  /**
   * The deployment profile, which sets the defaults that trade cost against
   * resilience (log retention, the web ACL's rate limit). Explicit props win.
   * The API creates no IAM role; the account's CloudWatch role belongs to
   * `ApiGatewayAccountLogging`.
   *
   * @default - Profile.of(scope): the `cdk-paved-road:profile` context, else Profile.PRODUCTION
   */
  readonly profile?: Profile;

  /**
   * The API's name.
   *
   * @default - the construct's id
   */
  readonly restApiName?: string;

  /**
   * A description of the API.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * The name of the stage the API is deployed to.
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * How every method authorizes callers unless it sets its own authorization.
   * A method without authorization is a synth error unless it is allowed with
   * `allowUnauthenticated()`.
   *
   * @default ApiAuthorization.iam()
   */
  readonly authorization?: ApiAuthorization;

  /**
   * The AWS WAF web ACL associated with the stage.
   *
   * @default ApiFirewall.managedRules()
   */
  readonly firewall?: ApiFirewall;

  /**
   * The execution logging level: `ERROR` or `INFO`. Request and response
   * bodies (data tracing) are never logged, because they may hold personal data.
   *
   * @default apigw.MethodLoggingLevel.ERROR
   */
  readonly executionLoggingLevel?: apigw.MethodLoggingLevel;

  /**
   * The log groups of the access, execution and firewall logs. A given key
   * must let CloudWatch Logs use it.
   *
   * @default - kept a year, encrypted with a new key (rotation on) whose policy allows CloudWatch Logs
   */
  readonly logs?: LogOptions;

  /**
   * The alarms, each notifying the topic when it fires and when it returns to
   * OK, over 5-minute periods. Names and defaults: `ServerErrors` (more than
   * 5 % of requests answered 5XX in each of 3 periods), `Latency` (p99 latency
   * above 2,500 ms in each of 3 periods; API Gateway's integration timeout is
   * 29 s by default) and `WafBlockedRequests` (the API's own web ACL blocked
   * more than 1,000 requests in a period: an attack, or a rule that refuses
   * your clients; not with a `firewall` that names a shared web ACL). The
   * same in both profiles.
   *
   * @default - all on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;

  /**
   * The steady-state request rate (requests per second) the stage allows
   * across all callers before it answers 429.
   *
   * @default 1000
   */
  readonly throttlingRateLimit?: number;

  /**
   * The burst of requests the stage allows above the rate limit.
   *
   * @default 2000
   */
  readonly throttlingBurstLimit?: number;

  /**
   * How long the stage's cache keeps the responses of a method that
   * `cacheResponses()` caches, unless that call names its own.
   *
   * @default Duration.minutes(1)
   */
  readonly cacheTtl?: Duration;

  /**
   * The size of the stage's encrypted cache cluster, in GB (`'0.5'`, `'1.6'`,
   * `'6.1'`, `'13.5'`, `'28.4'`, `'58.2'`, `'118'` or `'237'`). The cluster
   * exists only once a method caches its responses.
   *
   * @default '0.5'
   */
  readonly cacheClusterSize?: string;

  /**
   * The API Gateway account setting (the CloudWatch role that writes execution
   * and access logs) of this API's account and region, which the stage
   * deploys after. Logging settings on a stage fail to deploy until the account
   * has that role.
   *
   * @default - the `ApiGatewayAccountLogging` of the API's account and region in this app, found at synth; without one, a
   * warning (`cdk-paved-road:no-account-logging`) says the role must already be set, by another app
   */
  readonly accountLogging?: ApiGatewayAccountLogging;

  /**
   * The client certificate the stage presents to HTTP backends, so that they
   * can tell calls from API Gateway apart. Lambda, AWS service and mock
   * integrations never see one, certificates expire after a year, and an
   * account and region hold at most 60.
   *
   * @default ApiClientCertificate.none()
   */
  readonly clientCertificate?: ApiClientCertificate;

  /**
   * Keep the default `execute-api` endpoint open after the API is mapped to an
   * `ApiDomain`. By default the mapped API is reachable through its domain only.
   *
   * @default false
   */
  readonly keepExecuteApiEndpoint?: boolean;

  /**
   * Add a CORS preflight (`OPTIONS`) method to every resource. Preflight
   * requests carry no credentials, so those methods are the only ones without
   * authorization.
   *
   * @default - no CORS preflight
   */
  readonly defaultCorsPreflightOptions?: apigw.CorsOptions;

}

/**
 * A REST API (add resources and methods as usual) whose stage is logged,
 * traced, throttled and shielded by AWS WAF, and whose methods are
 * authorized (IAM by default) and validated:
 *
 * - access logs in JSON to a KMS-encrypted log group with finite retention
 *   (`API-Gateway-Access-Logs_<id>/<stage>`);
 * - execution logs at `ERROR` (or `INFO`) without data tracing, to an
 *   execution log group created here (encrypted, finite retention);
 * - both written by the account's CloudWatch role, which an
 *   `ApiGatewayAccountLogging` sets once per account and region;
 * - X-Ray tracing and stage-wide throttling; a client certificate for HTTP
 *   backends when asked for (`clientCertificate`);
 * - no response caching until a method asks for it (`cacheResponses()`),
 *   with cache keys for every parameter that tells its responses apart, in
 *   an encrypted cache cluster that exists only then;
 * - a request validator for bodies and parameters on every method;
 * - a regional WAF web ACL with AWS managed rules and a per-IP rate limit;
 * - once mapped to an `ApiDomain`, the `execute-api` endpoint is disabled.
 */
export class SecureRestApi extends apigw.RestApi implements IMonitored {
  /** How methods authorize callers unless they say otherwise. */
  public readonly authorization: ApiAuthorization;

  /** The log group that receives the JSON access logs. */
  public readonly accessLogGroup: logs.ILogGroup;

  /** The log group API Gateway writes execution logs to (`API-Gateway-Execution-Logs_<id>/<stage>`). */
  public readonly executionLogGroup: logs.ILogGroup;

  /** The key that encrypts the access, execution and firewall logs. */
  public readonly logEncryptionKey: kms.IKey;

  /** The topic the alarms notify, when there are alarms. */
  public readonly alarmTopic?: sns.ITopic;

  /** The CloudWatch alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  /**
   * The id of the client certificate the stage presents to HTTP backends.
   *
   * @default - none: the API was built with `ApiClientCertificate.none()`
   */
  public readonly clientCertificateId?: string;

  /** The validator of request bodies and parameters that every method uses by default. */
  public readonly requestValidator: apigw.RequestValidator;

  /** The ARN of the web ACL associated with the stage. */
  public readonly webAclArn: string;

  /**
   * The web ACL, when this API created it.
   *
   * @default - the web ACL was passed in with `ApiFirewall.fromWebAcl()` or `fromWebAclArn()`
   */
  public readonly webAcl?: wafv2.CfnWebACL;

  private readonly keepExecuteApiEndpoint: boolean;
  private readonly unauthenticatedMethods = new Map<apigw.Method, string>();
  private readonly cachedMethods = new Map<apigw.Method, number>();
  private readonly defaultCacheTtlSeconds: number;
  private readonly cacheClusterSize: string;
  private readonly stageWideMethodSettings: unknown;

  constructor(scope: Construct, id: string, props: SecureRestApiProps = {}) {
    const authorization = props.authorization ?? ApiAuthorization.iam();
    const stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    validateProps(scope, props, stageName);
    const profile = props.profile ?? Profile.of(scope);

    super(scope, id, {
      restApiName: props.restApiName,
      description: props.description,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The account-level role belongs to ApiGatewayAccountLogging, one per account and region.
      cloudWatchRole: false,
      defaultCorsPreflightOptions: props.defaultCorsPreflightOptions,
      defaultMethodOptions: {
        authorizationType: authorization.authorizationType,
        authorizer: authorization.authorizer,
        authorizationScopes: authorization.authorizationScopes,
      },
      deployOptions: {
        stageName,
        tracingEnabled: true,
        loggingLevel: props.executionLoggingLevel ?? apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit ?? DEFAULT_THROTTLING_RATE_LIMIT,
        throttlingBurstLimit: props.throttlingBurstLimit ?? DEFAULT_THROTTLING_BURST_LIMIT,
        // API Gateway keys cached responses by resource path and the declared
        // cache-key parameters only, not by caller: caching every method would
        // serve one caller's response to the next. Methods opt in.
        cachingEnabled: false,
        cacheDataEncrypted: true,
      },
    });
    this.authorization = authorization;
    this.keepExecuteApiEndpoint = props.keepExecuteApiEndpoint ?? false;
    this.defaultCacheTtlSeconds = (props.cacheTtl ?? DEFAULT_CACHE_TTL).toSeconds();
    this.cacheClusterSize = props.cacheClusterSize ?? DEFAULT_CACHE_CLUSTER_SIZE;

    this.logEncryptionKey = props.logs?.encryptionKey ?? this.createLogEncryptionKey();
    const stage = this.deploymentStage.node.defaultChild as apigw.CfnStage;
    const logGroups = this.addLogging(stage, stageName, props);
    this.accessLogGroup = logGroups.accessLogGroup;
    this.executionLogGroup = logGroups.executionLogGroup;
    this.stageWideMethodSettings = stage.methodSettings;
    this.cacheOnlyOptedInMethods(stage);
    this.clientCertificateId = this.addClientCertificate(stage, stageName, props.clientCertificate ?? ApiClientCertificate.none());

    this.requestValidator = this.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const firewall = this.addFirewall(props.firewall ?? ApiFirewall.managedRules(), profile, props.logs?.retention ?? DEFAULT_LOG_RETENTION);
    this.webAcl = firewall.webAcl;
    this.webAclArn = firewall.webAclArn;

    const alarmSet = createAlarmSet(this, props.alarms, apiAlarms(this.restApiName, stageName, this.webAcl), {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `API alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = alarmSet.alarms;

    Aspects.of(this).add(new CompleteMethods(this), { priority: AspectPriority.MUTATING });
    this.node.addValidation({ validate: () => this.validateMethodAuthorization() });
  }

  /**
   * The JSON access logs and the execution logs, each in a log group of its
   * own that the stage deploys after; the stage also waits for the account's
   * CloudWatch role (`accountLogging`, or the one found in the app).
   */
  private addLogging(stage: apigw.CfnStage, stageName: string, props: SecureRestApiProps) {
    // Named so that the account's CloudWatch role (ApiGatewayAccountLogging), which
    // covers API-Gateway-Access-Logs_* log groups, can write to it.
    const accessLogGroup = createRetainedLogGroup(this, 'AccessLogs', {
      logGroupName: `${ApiGatewayAccountLogging.ACCESS_LOG_GROUP_PREFIX}${this.restApiId}/${stageName}`,
      encryptionKey: this.logEncryptionKey,
      options: props.logs,
    });
    stage.accessLogSetting = {
      destinationArn: accessLogGroup.logGroupArn,
      format: JSON.stringify(ACCESS_LOG_FIELDS),
    };

    // API Gateway would create this group itself, unencrypted and kept forever.
    const executionLogGroup = createRetainedLogGroup(this, 'ExecutionLogs', {
      logGroupName: `${ApiGatewayAccountLogging.EXECUTION_LOG_GROUP_PREFIX}${this.restApiId}/${stageName}`,
      encryptionKey: this.logEncryptionKey,
      options: props.logs,
    });
    // API Gateway must not create the execution log group before we do.
    this.deploymentStage.node.addDependency(executionLogGroup);
    if (props.accountLogging) {
      this.deploymentStage.node.addDependency(props.accountLogging.account);
    } else {
      Aspects.of(this).add(new FindAccountLogging(this), { priority: AspectPriority.MUTATING });
    }
    return { accessLogGroup, executionLogGroup };
  }

  /**
   * Methods that cache their responses get their own method settings (the
   * stage-wide logging, metrics and throttling, with caching on), and the
   * encrypted cache cluster exists only while one does.
   */
  private cacheOnlyOptedInMethods(stage: apigw.CfnStage): void {
    stage.methodSettings = Lazy.any({
      produce: () => this.cachedMethods.size === 0 ? this.stageWideMethodSettings : [
        ...([] as unknown[]).concat(Stack.of(this).resolve(this.stageWideMethodSettings) ?? []),
        ...[...this.cachedMethods].map(([method, ttlSeconds]) => this.cachedMethodSetting(method, ttlSeconds)),
      ],
    }) as IResolvable;
    stage.cacheClusterEnabled = Lazy.any({ produce: () => this.cachedMethods.size > 0 }) as IResolvable;
    stage.cacheClusterSize = Lazy.string({ produce: () => this.cachedMethods.size > 0 ? this.cacheClusterSize : undefined });
    // The packs want caching on (and encrypted) for every method; that is the behaviour this API avoids.
    acknowledgeNagRules(stage, ...ruleIds('APIGWCacheEnabledAndEncrypted').map((ruleId) => ({ id: ruleId, reason: NO_STAGE_WIDE_CACHE })));
  }

  /** The stage's client certificate, its own or a shared one; the id, or undefined without one. */
  private addClientCertificate(stage: apigw.CfnStage, stageName: string, clientCertificate: ApiClientCertificate): string | undefined {
    let clientCertificateId: string | undefined;
    if (clientCertificate._createsOwn) {
      clientCertificateId = new apigw.CfnClientCertificate(this, 'ClientCertificate', {
        description: `Presented by the ${stageName} stage of ${this.node.path} to its HTTP backends`,
      }).ref;
      checkClientCertificateQuota(this);
    } else {
      clientCertificateId = clientCertificate._sharedId;
    }
    if (clientCertificateId) {
      stage.clientCertificateId = clientCertificateId;
    } else {
      acknowledgeNagRules(stage, ...ruleIds('APIGWSSLEnabled', ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']).map((ruleId) => ({ id: ruleId, reason: NO_CLIENT_CERTIFICATE })));
    }
    return clientCertificateId;
  }

  /** The web ACL in front of the stage: a new one with the managed rules, or the one `firewall` names. */
  private addFirewall(firewall: ApiFirewall, profile: Profile, retention: logs.RetentionDays): { webAcl?: wafv2.CfnWebACL; webAclArn: string } {
    let webAcl: wafv2.CfnWebACL | undefined;
    let webAclArn: string;
    if (firewall.webAclArn) {
      webAclArn = firewall.webAclArn;
    } else {
      webAcl = new RegionalWebAcl(this, 'WebAcl', {
        requestsPerIpPer5Minutes: firewall.requestsPerIpPer5Minutes ?? (profile.isProduction ? 2000 : 500),
        logEncryptionKey: this.logEncryptionKey,
        logRetention: retention,
      }).webAcl;
      webAclArn = webAcl.attrArn;
    }
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.deploymentStage.stageArn,
      webAclArn,
    });
    return { webAcl, webAclArn };
  }

  /**
   * Lets anyone who can reach the API call `method` without authorization.
   * The firewall, throttling and logging still apply.
   *
   * @param reason why the method is public; recorded as the acknowledgment of
   * the cdk-nag authorization rules (at least 10 characters)
   */
  public allowUnauthenticated(method: apigw.Method, reason: string): void {
    validateUnauthenticatedReason('`allowUnauthenticated()`', reason);
    if (method.api !== this) {
      throw new Error(`\`allowUnauthenticated()\` needs a method of ${this.node.path}, got one of: ${method.api.node.path}.`);
    }
    this.unauthenticatedMethods.set(method, reason);
  }

  /**
   * Caches the responses of `method` (a `GET`) in the stage's encrypted cache.
   * API Gateway keys cached responses by resource path and cache-key
   * parameters, not by caller: the resource's path parameters, the query
   * string parameters the method declares and `options.cacheKeyParameters`
   * become the keys, so `GET /items/{id}` never answers for another `id`. Cache
   * only what every caller may see: an IAM- or Lambda-authorized response that
   * depends on who calls would be served to the next caller.
   */
  public cacheResponses(method: apigw.Method, options: ResponseCacheOptions = {}): void {
    if (method.api !== this) {
      throw new Error(`\`cacheResponses()\` needs a method of ${this.node.path}, got one of: ${method.api.node.path}.`);
    }
    if (method.httpMethod !== 'GET') {
      throw new Error(`\`cacheResponses()\` caches GET methods only (API Gateway caches GET responses), got: ${method.httpMethod} ${method.resource.path}.`);
    }
    const ttlSeconds = options.ttl === undefined ? this.defaultCacheTtlSeconds : validateCacheTtl('`cacheResponses()` `ttl`', options.ttl);
    for (const parameter of options.cacheKeyParameters ?? []) {
      if (!Token.isUnresolved(parameter) && !CACHE_KEY_PARAMETER.test(parameter)) {
        throw new Error('`cacheKeyParameters` must name request parameters such as \'method.request.querystring.page\' or ' +
          `'method.request.header.Accept-Language', got: '${parameter}'.`);
      }
    }
    const cfnMethod = method.node.defaultChild as apigw.CfnMethod;
    const declared: Record<string, boolean> = { ...(Stack.of(this).resolve(cfnMethod.requestParameters) ?? {}) };
    const pathParameters = [...method.resource.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => `method.request.path.${m[1]}`);
    const queryParameters = Object.keys(declared).filter((name) => name.startsWith('method.request.querystring.'));
    const keys = [...new Set([...pathParameters, ...queryParameters, ...(options.cacheKeyParameters ?? [])])];
    for (const key of keys) {
      declared[key] = declared[key] ?? key.startsWith('method.request.path.');
    }
    cfnMethod.requestParameters = keys.length > 0 ? declared : cfnMethod.requestParameters;
    cfnMethod.integration = { ...(cfnMethod.integration as apigw.CfnMethod.IntegrationProperty), cacheKeyParameters: keys };
    // The deployment must change when a method's cache keys do.
    this.latestDeployment?.addToLogicalId({ cachedMethod: { path: method.resource.path, keys, ttlSeconds } });
    this.cachedMethods.set(method, ttlSeconds);
  }

  /**
   * Lets `grantee` call `method` (`execute-api:Invoke` on the method in the
   * deployment stage) when the API uses IAM authorization. Roles created in
   * this app get a customer-managed policy rather than an inline one.
   */
  public grantExecute(grantee: iam.IGrantable, method: apigw.Method): iam.Grant {
    if (method.api !== this) {
      throw new Error(`\`grantExecute()\` needs a method of ${this.node.path}, got one of: ${method.api.node.path}.`);
    }
    return grantWithManagedPolicy(this, grantee, ['execute-api:Invoke'], [method.methodArn]);
  }

  /**
   * Called by `ApiDomain` when it maps this API: the domain becomes the only
   * way in, unless `keepExecuteApiEndpoint` is set.
   *
   * @internal
   */
  public _onMappedToDomain(): void {
    if (this.keepExecuteApiEndpoint) {
      return;
    }
    (this.node.defaultChild as apigw.CfnRestApi).disableExecuteApiEndpoint = true;
    // The `Endpoint` output would advertise a URL that no longer answers.
    this.node.tryRemoveChild('Endpoint');
  }

  /**
   * The acknowledgments that the authorization of `method` warrants.
   *
   * @internal
   */
  public _acknowledgmentsFor(method: apigw.Method): NagAcknowledgment[] {
    const type = Stack.of(this).resolve((method.node.defaultChild as apigw.CfnMethod).authorizationType);
    switch (type) {
      case apigw.AuthorizationType.IAM:
        return [{ id: 'AwsSolutions-COG4', reason: IAM_INSTEAD_OF_COGNITO }];
      case apigw.AuthorizationType.CUSTOM:
        return [{ id: 'AwsSolutions-COG4', reason: LAMBDA_INSTEAD_OF_COGNITO }];
      case apigw.AuthorizationType.NONE: {
        const reason = this.unauthenticatedReasonFor(method);
        return reason === undefined ? [] : [{ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason }];
      }
      default:
        return [];
    }
  }

  private cachedMethodSetting(method: apigw.Method, ttlSeconds: number): apigw.CfnStage.MethodSettingProperty {
    const stack = Stack.of(this);
    const stageWide = ([] as apigw.CfnStage.MethodSettingProperty[])
      .concat(stack.resolve(this.stageWideMethodSettings) ?? [])
      .find((setting) => setting.httpMethod === '*' && setting.resourcePath === '/*');
    // Method settings name a resource path with each '/' written as '~1' (the root is '/').
    const path = method.resource.path;
    return {
      ...stageWide,
      resourcePath: path === '/' ? '/' : `/${path.replace(/\//g, '~1')}`,
      httpMethod: method.httpMethod,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      cacheTtlInSeconds: ttlSeconds,
    };
  }

  private unauthenticatedReasonFor(method: apigw.Method): string | undefined {
    return this.unauthenticatedMethods.get(method) ?? this.authorization.unauthenticatedReason;
  }

  private createLogEncryptionKey(): kms.Key {
    const key = createRotatingKey(this, 'LogsKey', `Encrypts the access, execution and firewall logs of ${this.node.path}`);
    allowCloudWatchLogsToUse(key);
    return key;
  }

  private validateMethodAuthorization(): string[] {
    return this.methods
      .filter((method) => method.httpMethod !== 'OPTIONS')
      .filter((method) => Stack.of(this).resolve((method.node.defaultChild as apigw.CfnMethod).authorizationType) === apigw.AuthorizationType.NONE)
      .filter((method) => this.unauthenticatedReasonFor(method) === undefined)
      .map((method) => `Method ${method.httpMethod} ${method.resource.path} has no authorization. ` +
        'Remove `authorizationType: NONE`, or allow it explicitly with `allowUnauthenticated(method, reason)`.');
  }

  /** Requests and errors (4XX, 5XX), and latency (p50, p99) with the integration's share, of the deployment stage. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const stage = { ApiName: this.restApiName, Stage: this.deploymentStage.stageName };
    const metric = (metricName: string, statistic: string, label?: string) => new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: stage,
      statistic,
      label,
      period: Duration.minutes(5),
    });
    return graphWidgets(this, [
      { title: 'Requests', left: [metric('Count', cloudwatch.Stats.SUM), metric('4XXError', cloudwatch.Stats.SUM), metric('5XXError', cloudwatch.Stats.SUM)] },
      {
        title: 'Latency',
        left: [metric('Latency', cloudwatch.Stats.percentile(50), 'p50'), metric('Latency', cloudwatch.Stats.percentile(99), 'p99'), metric('IntegrationLatency', cloudwatch.Stats.percentile(99), 'Integration p99')],
        leftLabel: 'Milliseconds',
      },
    ]);
  }
}

const NO_CLIENT_CERTIFICATE = 'A client certificate only lets an HTTP backend check that a call came from API Gateway; Lambda, AWS service ' +
  'and mock integrations never see it, and an account and region hold at most 60. APIs with HTTP backends opt in with ' +
  'ApiClientCertificate.perApi() or share one with ApiClientCertificate.fromClientCertificateId().';
const NO_STAGE_WIDE_CACHE = 'API Gateway keys cached responses by resource path and declared cache-key parameters, not by caller, ' +
  'so caching every method would serve one caller\'s response to another; methods opt in with cacheResponses(), ' +
  'with their parameters as cache keys, in an encrypted cache.';
const IAM_INSTEAD_OF_COGNITO = 'The method is authorized by IAM (AWS_IAM, SigV4-signed requests checked against the caller\'s IAM policies); ' +
  'a Cognito user pool authorizer would replace IAM authorization, not add to it.';
const LAMBDA_INSTEAD_OF_COGNITO = 'The method is authorized by the Lambda authorizer given as ApiAuthorization.lambda(); ' +
  'a Cognito user pool authorizer would replace it, not add to it.';

/**
 * Completes the methods the user added: CDK ignores `requestValidator` in
 * `defaultMethodOptions`, and acknowledgments must be written before the
 * cdk-nag aspects (default priority) look at the methods.
 */
class CompleteMethods implements IAspect {
  constructor(private readonly api: SecureRestApi) {}

  public visit(node: IConstruct): void {
    if (node !== this.api) {
      return;
    }
    for (const method of this.api.methods) {
      const resource = method.node.defaultChild as apigw.CfnMethod;
      if (method.httpMethod !== 'OPTIONS' && resource.requestValidatorId === undefined) {
        resource.requestValidatorId = this.api.requestValidator.requestValidatorId;
      }
      const acknowledgments = this.api._acknowledgmentsFor(method);
      if (acknowledgments.length > 0) {
        acknowledgeNagRules(resource, ...acknowledgments);
      }
    }
  }
}

/**
 * Finds the app's `ApiGatewayAccountLogging` for the API's account and region
 * once the whole app exists (it may be created after the API), so the stage
 * deploys after it; warns when there is none.
 */
class FindAccountLogging implements IAspect {
  constructor(private readonly api: SecureRestApi) {}

  public visit(node: IConstruct): void {
    if (node !== this.api) {
      return;
    }
    const found = ApiGatewayAccountLogging.findInApp(this.api);
    if (found) {
      this.api.deploymentStage.node.addDependency(found.account);
      return;
    }
    Annotations.of(this.api).addWarningV2(NO_ACCOUNT_LOGGING,
      'No ApiGatewayAccountLogging in this app for the API\'s account and region. The stage deploys only if API Gateway\'s ' +
      'CloudWatch role is already set for them (by the platform\'s stack), and logs only if that role may write ' +
      `${ApiGatewayAccountLogging.EXECUTION_LOG_GROUP_PREFIX}* and ${ApiGatewayAccountLogging.ACCESS_LOG_GROUP_PREFIX}* log groups. ` +
      'Create one ApiGatewayAccountLogging per account and region, or acknowledge this warning if another app owns the setting.');
  }
}

const NO_ACCOUNT_LOGGING = 'cdk-paved-road:no-account-logging';

function validateProps(scope: Construct, props: SecureRestApiProps, stageName: string): void {
  const logging = props.accountLogging;
  if (logging) {
    const [mine, theirs] = [Stack.of(scope), Stack.of(logging)];
    const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
    if (differs(mine.account, theirs.account) || differs(mine.region, theirs.region)) {
      throw new Error(`\`accountLogging\` must be the setting of this API's account and region (${mine.account}, ${mine.region}), ` +
        `got: ${logging.node.path} for ${theirs.account}, ${theirs.region}.`);
    }
  }
  if (!Token.isUnresolved(stageName) && !STAGE_NAME_PATTERN.test(stageName)) {
    throw new Error(`\`stageName\` must be 1 to 128 letters, digits, hyphens or underscores, got: '${stageName}'.`);
  }
  const level = props.executionLoggingLevel;
  if (level !== undefined && level !== apigw.MethodLoggingLevel.ERROR && level !== apigw.MethodLoggingLevel.INFO) {
    throw new Error(`\`executionLoggingLevel\` must be ERROR or INFO (the HIPAA, NIST and PCI packs require execution logging), got: ${level}.`);
  }
  validateLogOptions('logs', props.logs);
  validateAlarmOptions('alarms', props.alarms, API_ALARM_NAMES, () => API_ALARM_PERIOD);
  const rate = props.throttlingRateLimit;
  if (rate !== undefined && !Token.isUnresolved(rate) && !(rate > 0)) {
    throw new Error(`\`throttlingRateLimit\` must be greater than 0 requests per second, got: ${rate}.`);
  }
  validateIntegerInRange('throttlingBurstLimit', props.throttlingBurstLimit, 1, Number.MAX_SAFE_INTEGER);
  if (props.cacheTtl !== undefined) {
    validateCacheTtl('`cacheTtl`', props.cacheTtl);
  }
  const size = props.cacheClusterSize;
  if (size !== undefined && !Token.isUnresolved(size) && !CACHE_CLUSTER_SIZES.includes(size)) {
    throw new Error(`\`cacheClusterSize\` must be one of ${CACHE_CLUSTER_SIZES.map((s) => `'${s}'`).join(', ')}, got: '${size}'.`);
  }
}

/** A cache TTL in whole seconds, from 1 to 3600; throws naming `prop` otherwise. */
function validateCacheTtl(prop: string, ttl: Duration): number {
  if (ttl.isUnresolved()) {
    return ttl.toSeconds();
  }
  const seconds = ttl.toSeconds();
  if (seconds < 1 || seconds > MAX_CACHE_TTL_SECONDS) {
    throw new Error(`${prop} must be from 1 to ${MAX_CACHE_TTL_SECONDS} seconds, got: ${seconds} seconds.`);
  }
  return seconds;
}

/** The alarm names of `SecureRestApi`, as `alarms.overrides` takes them. */
const API_ALARM_NAMES = ['ServerErrors', 'Latency', 'WafBlockedRequests'];
const API_ALARM_PERIOD = Duration.minutes(5);

/**
 * The API's alarms, on the stage's metrics
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html)
 * and on its own web ACL's (https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html;
 * the web ACL's `Ref` is `name|id|scope`).
 */
function apiAlarms(apiName: string, stageName: string, webAcl?: wafv2.CfnWebACL): AlarmSpec[] {
  const stage = { ApiName: apiName, Stage: stageName };
  const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const specs: AlarmSpec[] = [
    {
      name: 'ServerErrors',
      id: 'ServerErrorsAlarm',
      // The average of 5XXError (0 or 1 per request) is the share of requests answered 5XX.
      metric: new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensionsMap: stage, statistic: 'Average', period: API_ALARM_PERIOD }),
      threshold: 0.05,
      evaluationPeriods: 3,
      comparison: above,
      describe: (t, w) => `more than ${Math.round(t * 10000) / 100}% of requests answered 5XX in each period for ${w}`,
    },
    {
      name: 'Latency',
      id: 'LatencyAlarm',
      metric: new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensionsMap: stage, statistic: 'p99', period: API_ALARM_PERIOD }),
      threshold: 2500,
      evaluationPeriods: 3,
      comparison: above,
      describe: (t, w) => `p99 latency above ${t} ms in each period for ${w}`,
    },
  ];
  if (webAcl) {
    specs.push({
      name: 'WafBlockedRequests',
      id: 'WafBlockedRequestsAlarm',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        statistic: 'Sum',
        period: API_ALARM_PERIOD,
        dimensionsMap: { WebACL: Fn.select(0, Fn.split('|', webAcl.ref)), Region: Stack.of(webAcl).region, Rule: 'ALL' },
      }),
      threshold: 1000,
      evaluationPeriods: 1,
      comparison: above,
      describe: (t, w) => `the web ACL blocked more than ${t} requests in ${w}: an attack, or a rule that refuses legitimate clients`,
    });
  }
  return specs;
}
