import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * An HTTP API as a user would harden it to pass the six packs (the library
 * maps HTTP APIs but does not build them): IAM-authorized routes, JSON access
 * logs to an encrypted log group, and throttling on the default stage.
 */
export function compliantHttpApi(stack: Stack, id: string): apigwv2.HttpApi {
  const key = new kms.Key(stack, `${id}LogsKey`, { enableKeyRotation: true });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
  }));
  const accessLogs = new logs.LogGroup(stack, `${id}AccessLogs`, { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });

  const api = new apigwv2.HttpApi(stack, id, { defaultAuthorizer: new HttpIamAuthorizer() });
  api.addRoutes({
    path: '/reports',
    methods: [apigwv2.HttpMethod.GET],
    integration: new HttpUrlIntegration(`${id}Backend`, 'https://reports.internal.example.com'),
  });
  const stage = api.defaultStage!.node.defaultChild as apigwv2.CfnStage;
  stage.accessLogSettings = {
    destinationArn: accessLogs.logGroupArn,
    format: JSON.stringify({ requestId: '$context.requestId', caller: '$context.identity.caller', status: '$context.status' }),
  };
  stage.defaultRouteSettings = { throttlingRateLimit: 100, throttlingBurstLimit: 200 };
  return api;
}
