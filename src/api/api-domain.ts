import { Arn, ArnFormat, CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { SecureRestApi } from './secure-rest-api';
import { IMonitored } from '../monitoring/monitored';
import { graphWidgets } from '../private/monitoring-widgets';

/** API Gateway's limit, which cannot be raised; single-segment mappings don't count. */
const MAX_MULTI_LEVEL_MAPPINGS = 200;
const EDGE_CERTIFICATE_REGION = 'us-east-1';
const ROOT = '';
const LEGACY_SECURITY_POLICIES = [apigw.SecurityPolicy.TLS_1_0, apigw.SecurityPolicy.TLS_1_2];
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const BASE_PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Properties of an `ApiDomain`.
 */
export interface ApiDomainProps {
  /** The custom domain name, for example `api.example.com` (or a wildcard such as `*.example.com`). */
  readonly domainName: string;

  /**
   * The certificate for `domainName`. For an EDGE domain it must be in us-east-1;
   * for a REGIONAL one, in this stack's region.
   *
   * @default - a DNS-validated certificate is created in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The Route 53 public hosted zone that holds `domainName`. A and AAAA alias
   * records pointing at the domain are created in it (and the certificate's
   * validation records, when the certificate is created here).
   *
   * @default - no DNS records; the target domain name and hosted zone id are
   * stack outputs, to be entered at your DNS provider
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * `REGIONAL` (served from this region) or `EDGE` (through CloudFront).
   * Multi-level base paths, HTTP APIs and mutual TLS need `REGIONAL`.
   *
   * @default apigw.EndpointType.REGIONAL
   */
  readonly endpointType?: apigw.EndpointType;

  /**
   * The TLS version and cipher suites clients may use: TLS 1.2 or newer. An
   * enhanced policy (`TLS13_*`, `TLS12_PFS_2025_EDGE`, ...) is served in the
   * STRICT endpoint access mode.
   *
   * @default apigw.SecurityPolicy.TLS_1_2
   */
  readonly securityPolicy?: apigw.SecurityPolicy;

  /**
   * Mutual TLS: clients must present a certificate signed by a CA in the
   * truststore (a PEM bundle in S3). REGIONAL domains with the `TLS_1_2`
   * security policy only.
   *
   * @default - clients are not asked for certificates
   */
  readonly mtls?: apigw.MTLSConfig;
}

/**
 * Options for `ApiDomain.addRestApi()`.
 */
export interface AddRestApiOptions {
  /**
   * The stage of the API to map.
   *
   * @default - the API's deployment stage (`api.deploymentStage`)
   */
  readonly stage?: apigw.Stage;
}

/**
 * Options for `ApiDomain.addHttpApi()`.
 */
export interface AddHttpApiOptions {
  /**
   * The stage of the API to map.
   *
   * @default - the API's default stage (`api.defaultStage`)
   */
  readonly stage?: apigwv2.IStage;
}

/**
 * One custom domain for many APIs, each at its own base path
 * (`https://api.example.com/orders`, `https://api.example.com/v1/users`):
 *
 * - a TLS 1.2+ custom domain (REGIONAL by default), with a DNS-validated
 *   certificate when none is given, and optional mutual TLS;
 * - A and AAAA alias records when a hosted zone is given, stack outputs to
 *   enter at your DNS provider when not;
 * - single-segment base paths as API Gateway base-path mappings, multi-level
 *   ones (REST or HTTP) as API Gateway v2 API mappings;
 * - a `SecureRestApi` mapped here stops answering on its `execute-api` URL,
 *   so the domain is the only way in.
 */
export class ApiDomain extends Construct implements IMonitored {
  /** The API Gateway custom domain. */
  public readonly domain: apigw.DomainName;

  /** The certificate the domain serves. */
  public readonly certificate: acm.ICertificate;

  /** The endpoint type of the domain. */
  public readonly endpointType: apigw.EndpointType;

  /** `https://<domainName>`, the base URL of every mapped API. */
  public readonly url: string;

  private readonly domainName: string;
  /** Mapped base paths ('' for the root), each with the path of the API it maps. */
  private readonly mappings = new Map<string, string>();

  /** The metric dimensions of each mapped API, by base path ('/' for the root), for the dashboard. */
  private readonly mappedApiMetrics: { basePath: string; dimensionsMap: Record<string, string>; serverErrors: string }[] = [];

  constructor(scope: Construct, id: string, props: ApiDomainProps) {
    const endpointType = props.endpointType ?? apigw.EndpointType.REGIONAL;
    validateProps(scope, props, endpointType);
    super(scope, id);
    this.domainName = props.domainName;
    this.endpointType = endpointType;

    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });

    const securityPolicy = props.securityPolicy ?? apigw.SecurityPolicy.TLS_1_2;
    this.domain = new apigw.DomainName(this, 'Resource', {
      domainName: props.domainName,
      certificate: this.certificate,
      endpointType,
      securityPolicy,
      // Enhanced policies need an access mode; STRICT also refuses clients that
      // don't negotiate the policy, which is the point of choosing one.
      endpointAccessMode: LEGACY_SECURITY_POLICIES.includes(securityPolicy) ? undefined : apigw.EndpointAccessMode.STRICT,
      mtls: props.mtls,
    });
    this.url = `https://${props.domainName}`;

    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(this.domain));
      new route53.ARecord(this, 'AliasRecord', { zone: props.hostedZone, recordName: props.domainName, target });
      new route53.AaaaRecord(this, 'AliasRecordIpv6', { zone: props.hostedZone, recordName: props.domainName, target });
    } else {
      new CfnOutput(this, 'TargetDomainName', {
        description: `Point ${props.domainName} here: an alias (or CNAME) record at your DNS provider`,
        value: this.domain.domainNameAliasDomainName,
      });
      new CfnOutput(this, 'TargetHostedZoneId', {
        description: `The hosted zone id of the target, for an alias record for ${props.domainName}`,
        value: this.domain.domainNameAliasHostedZoneId,
      });
    }
  }

  /**
   * Serves `api` at `https://<domainName>/<basePath>`.
   *
   * @param basePath one segment (`orders`), several (`v1/orders`, REGIONAL
   * domains only), or `''` / `'/'` for the root, which must then be the only mapping
   * @param api the REST API; a `SecureRestApi` stops answering on its `execute-api` URL
   */
  public addRestApi(basePath: string, api: apigw.IRestApi, options: AddRestApiOptions = {}): void {
    const path = this.validateNewBasePath(basePath, api);
    const stage = options.stage ?? api.deploymentStage;
    if (stage.restApi !== api) {
      throw new Error(`\`options.stage\` must be a stage of the API mapped at '${basePath}' (${api.node.path}), got a stage of: ${stage.restApi.node.path}.`);
    }
    if (isMultiLevel(path)) {
      this.domain.addApiMapping(stage, { basePath: path });
    } else {
      this.domain.addBasePathMapping(api, { basePath: path === ROOT ? undefined : path, stage });
    }
    this.mappings.set(path, api.node.path);
    this.mappedApiMetrics.push({ basePath: `/${path}`, dimensionsMap: { ApiName: api.restApiName, Stage: stage.stageName }, serverErrors: '5XXError' });
    if (api instanceof SecureRestApi) {
      api._onMappedToDomain();
    }
  }

  /**
   * Serves the HTTP API `api` at `https://<domainName>/<basePath>`, through an
   * API Gateway v2 API mapping (REGIONAL domains only).
   *
   * @param basePath one or more segments (`reports`, `v1/reports`), or `''` /
   * `'/'` for the root, which must then be the only mapping
   */
  public addHttpApi(basePath: string, api: apigwv2.IHttpApi, options: AddHttpApiOptions = {}): void {
    if (this.endpointType !== apigw.EndpointType.REGIONAL) {
      throw new Error(`HTTP APIs can only be mapped to a REGIONAL ApiDomain, got endpointType: ${this.endpointType} (mapping ${api.node.path} at '${basePath}').`);
    }
    const path = this.validateNewBasePath(basePath, api);
    const stage = options.stage ?? api.defaultStage;
    if (!stage) {
      throw new Error(`HTTP API ${api.node.path} has no default stage to map at '${basePath}'; pass \`options.stage\`.`);
    }
    const mapping = new apigwv2.CfnApiMapping(this, mappingId(path), {
      apiId: api.apiId,
      domainName: this.domain.domainName,
      stage: stage.stageName,
      apiMappingKey: path === ROOT ? undefined : path,
    });
    mapping.node.addDependency(stage);
    this.mappings.set(path, api.node.path);
    this.mappedApiMetrics.push({ basePath: `/${path}`, dimensionsMap: { ApiId: api.apiId, Stage: stage.stageName }, serverErrors: '5xx' });
  }

  /** Returns the base path in canonical form ('' for the root), or throws. */
  private validateNewBasePath(basePath: string, api: Construct): string {
    const path = basePath === '/' ? ROOT : basePath;
    if (path !== ROOT && (path.startsWith('/') || path.endsWith('/') || !path.split('/').every((segment) => BASE_PATH_SEGMENT.test(segment)))) {
      throw new Error('`basePath` must be \'\' or \'/\' for the root, or segments of letters, digits, \'.\', \'_\' and \'-\' separated by single \'/\', ' +
        `without a leading or trailing '/', got: '${basePath}'.`);
    }
    const existing = this.mappings.get(path);
    if (existing !== undefined) {
      throw new Error(`\`basePath\` '${basePath}' is already mapped on ${this.domainName} (to ${existing}); each base path serves one API, so ${api.node.path} needs another.`);
    }
    if (path === ROOT && this.mappings.size > 0) {
      throw new Error(`The root \`basePath\` '${basePath}' cannot be added to ${this.domainName}, which already maps: ${[...this.mappings.keys()].map((p) => `'${p}'`).join(', ')}. ` +
        'The root mapping receives every path, so it must be the domain\'s only mapping.');
    }
    if (path !== ROOT && this.mappings.has(ROOT)) {
      throw new Error(`\`basePath\` '${basePath}' cannot be added to ${this.domainName}, which has a root mapping (to ${this.mappings.get(ROOT)}). ` +
        'The root mapping receives every path, so it must be the domain\'s only mapping.');
    }
    if (isMultiLevel(path)) {
      if (this.endpointType !== apigw.EndpointType.REGIONAL) {
        throw new Error(`\`basePath\` '${basePath}' has several segments, which needs a REGIONAL ApiDomain (API Gateway v2 API mappings don't support EDGE domains), ` +
          `got endpointType: ${this.endpointType}.`);
      }
      const multiLevel = [...this.mappings.keys()].filter(isMultiLevel).length;
      if (multiLevel >= MAX_MULTI_LEVEL_MAPPINGS) {
        throw new Error(`\`basePath\` '${basePath}' would be multi-level mapping number ${multiLevel + 1} on ${this.domainName}; ` +
          `API Gateway allows at most ${MAX_MULTI_LEVEL_MAPPINGS} per domain (a quota that cannot be raised). Use another ApiDomain for the rest.`);
      }
    }
    return path;
  }

  /** A domain has no alarms of its own: each mapped `SecureRestApi` alarms on its errors and latency. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [];
  }

  /** Requests and server errors of each mapped API, by base path. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const metric = (mapped: { basePath: string; dimensionsMap: Record<string, string> }, metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: mapped.dimensionsMap,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      label: mapped.basePath,
    });
    return graphWidgets(this, [
      { title: 'Requests by base path', left: this.mappedApiMetrics.map((mapped) => metric(mapped, 'Count')) },
      { title: 'Server errors by base path', left: this.mappedApiMetrics.map((mapped) => metric(mapped, mapped.serverErrors)) },
    ]);
  }
}

function isMultiLevel(path: string): boolean {
  return path.includes('/');
}

/** Construct ids may not contain '/', and ':' cannot occur in a base path, so ids stay unique. */
function mappingId(path: string): string {
  return path === ROOT ? 'RootMapping' : `Mapping:${path.split('/').join(':')}`;
}

function validateProps(scope: Construct, props: ApiDomainProps, endpointType: apigw.EndpointType): void {
  validateDomainName(props.domainName);
  if (endpointType !== apigw.EndpointType.REGIONAL && endpointType !== apigw.EndpointType.EDGE) {
    throw new Error(`\`endpointType\` must be REGIONAL or EDGE, got: ${endpointType}.`);
  }
  if (props.securityPolicy === apigw.SecurityPolicy.TLS_1_0) {
    throw new Error('`securityPolicy` must allow TLS 1.2 or newer only, got: TLS_1_0.');
  }
  if (props.mtls && endpointType !== apigw.EndpointType.REGIONAL) {
    throw new Error(`\`mtls\` needs a REGIONAL ApiDomain (API Gateway supports mutual TLS on regional custom domains only), got endpointType: ${endpointType}.`);
  }
  const securityPolicy = props.securityPolicy ?? apigw.SecurityPolicy.TLS_1_2;
  if (props.mtls && securityPolicy !== apigw.SecurityPolicy.TLS_1_2) {
    throw new Error(`\`mtls\` needs \`securityPolicy\` TLS_1_2 (API Gateway does not support mutual TLS with the enhanced security policies), got: ${securityPolicy}.`);
  }
  if (!props.certificate && !props.hostedZone) {
    throw new Error(`ApiDomain needs \`certificate\`, or \`hostedZone\` to create a DNS-validated certificate in; got neither for domainName '${props.domainName}'.`);
  }
  const zoneName = props.hostedZone?.zoneName;
  if (zoneName && !Token.isUnresolved(zoneName) && !Token.isUnresolved(props.domainName)) {
    const zone = zoneName.replace(/\.$/, '').toLowerCase();
    const domain = props.domainName.toLowerCase();
    if (domain !== zone && !domain.endsWith(`.${zone}`)) {
      throw new Error(`\`domainName\` '${props.domainName}' is not in \`hostedZone\` '${zoneName}'; the alias records can only be created inside the zone.`);
    }
  }
  validateCertificateRegion(scope, props, endpointType);
}

function validateDomainName(domainName: string): void {
  if (Token.isUnresolved(domainName)) {
    return;
  }
  const labels = domainName.split('.');
  const hostLabels = labels[0] === '*' ? labels.slice(1) : labels;
  if (domainName.length > 253 || hostLabels.length < 2 || !hostLabels.every((label) => DOMAIN_LABEL.test(label)) || /^[0-9]+$/.test(labels[labels.length - 1])) {
    throw new Error('`domainName` must be a DNS name such as \'api.example.com\' or \'*.example.com\' (labels of letters, digits and hyphens, ' +
      `at most 63 characters each and 253 in all), got: '${domainName}'.`);
  }
}

/**
 * The certificate's region: from its ARN when known (an imported certificate
 * takes the importing stack's `env`), else from the stack that creates it.
 */
function regionOf(certificate: acm.ICertificate): string | undefined {
  if (!Token.isUnresolved(certificate.certificateArn)) {
    return Arn.split(certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region;
  }
  return certificate instanceof acm.Certificate ? Stack.of(certificate).region : undefined;
}

function validateCertificateRegion(scope: Construct, props: ApiDomainProps, endpointType: apigw.EndpointType): void {
  const stackRegion = Stack.of(scope).region;
  const certificateRegion = props.certificate && regionOf(props.certificate);
  const known = (region?: string): region is string => region !== undefined && !Token.isUnresolved(region);
  if (endpointType === apigw.EndpointType.EDGE) {
    if (known(certificateRegion) && certificateRegion !== EDGE_CERTIFICATE_REGION) {
      throw new Error(`\`certificate\` must be in ${EDGE_CERTIFICATE_REGION} for an EDGE ApiDomain (CloudFront serves it), got one in: ${certificateRegion}.`);
    }
    if (!props.certificate && known(stackRegion) && stackRegion !== EDGE_CERTIFICATE_REGION) {
      throw new Error(`An EDGE ApiDomain needs its certificate in ${EDGE_CERTIFICATE_REGION}, but would create it in this stack's region, ${stackRegion}: ` +
        `pass \`certificate\` from ${EDGE_CERTIFICATE_REGION}, or use endpointType REGIONAL.`);
    }
  } else if (known(certificateRegion) && known(stackRegion) && certificateRegion !== stackRegion) {
    throw new Error(`\`certificate\` must be in this stack's region (${stackRegion}) for a REGIONAL ApiDomain, got one in: ${certificateRegion}.`);
  }
}
