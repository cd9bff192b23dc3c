import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../../src/core/encryption';

/**
 * An HTTP API as a user would harden it to pass the six packs (the library
 * maps HTTP APIs but does not build them): IAM-authorized routes, JSON access
 * logs to an encrypted log group, and throttling on the default stage.
 */
export function compliantHttpApi(stack: Stack, id: string): apigwv2.HttpApi {
  // A key as the library makes them: rotating, retained, usable by CloudWatch
  // Logs for this account's log groups, refusing grants not for AWS resources.
  const key = createRotatingKey(stack, `${id}LogsKey`, `Encrypts the access logs of ${id}`);
  allowCloudWatchLogsToUse(key);
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
