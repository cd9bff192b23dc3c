import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';

/**
 * API Gateway quotas, "Client certificates per account per Region": 60
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 */
export const CLIENT_CERTIFICATE_QUOTA = 60;

const appsCheckedForClientCertificates = new WeakSet<IConstruct>();

/**
 * Warns, once the app is built, when its stacks create more API Gateway
 * client certificates in one account and region than the quota allows. A
 * warning rather than an error: the account may hold others already, or have
 * a raised quota, neither of which synth can see. Registered once per app.
 */
export function checkClientCertificateQuota(scope: IConstruct): void {
  const root = scope.node.root;
  if (appsCheckedForClientCertificates.has(root)) {
    return;
  }
  appsCheckedForClientCertificates.add(root);
  root.node.addValidation({
    validate: () => {
      const perEnvironment = new Map<string, apigw.CfnClientCertificate[]>();
      for (const construct of root.node.findAll()) {
        if (construct instanceof apigw.CfnClientCertificate) {
          const key = environmentOf(Stack.of(construct));
          perEnvironment.set(key, [...(perEnvironment.get(key) ?? []), construct]);
        }
      }
      for (const [environment, certificates] of perEnvironment) {
        if (certificates.length <= CLIENT_CERTIFICATE_QUOTA) {
          continue;
        }
        const over = certificates[CLIENT_CERTIFICATE_QUOTA];
        Annotations.of(over.node.scope ?? over).addWarningV2('@cdk-paved-road/api:clientCertificateQuota',
          `This app creates ${certificates.length} API Gateway client certificates in ${environment}, more than the quota of ` +
          `${CLIENT_CERTIFICATE_QUOTA} per account and region; this is the ${CLIENT_CERTIFICATE_QUOTA + 1}st. ` +
          'Share one with ApiClientCertificate.fromClientCertificateId(), use ApiClientCertificate.none() where the integrations are not HTTP, ' +
          'or have AWS raise the quota.');
      }
      return [];
    },
  });
}

function environmentOf(stack: Stack): string {
  const known = (value: string) => !Token.isUnresolved(value);
  return known(stack.account) && known(stack.region)
    ? `account ${stack.account}, region ${stack.region}`
    : 'environment-agnostic stacks (one account and region at deploy time)';
}
