import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { validateUnauthenticatedReason } from './api-validation';

/**
 * How a `SecureRestApi` authorizes callers on every method that does not say
 * otherwise. There is no way to leave a method open by accident: no
 * authorization at all takes `ApiAuthorization.allowUnauthenticated(reason)`.
 */
export class ApiAuthorization {
  /**
   * Callers sign requests with AWS Signature Version 4 and IAM decides
   * (`AWS_IAM`). Grant access with `SecureRestApi.grantInvoke()`.
   */
  public static iam(): ApiAuthorization {
    return new ApiAuthorization(apigw.AuthorizationType.IAM);
  }

  /**
   * Callers present a token from a Cognito user pool, checked by `authorizer`
   * (an `apigw.CognitoUserPoolsAuthorizer`).
   *
   * @param authorizationScopes OAuth scopes the access token must hold; without
   * scopes, API Gateway expects an ID token
   */
  public static cognito(authorizer: apigw.IAuthorizer, authorizationScopes?: string[]): ApiAuthorization {
    if (authorizer.authorizationType !== apigw.AuthorizationType.COGNITO) {
      throw new Error(`\`ApiAuthorization.cognito()\` needs a Cognito user pools authorizer (apigw.CognitoUserPoolsAuthorizer), got one of type: ${authorizer.authorizationType}.`);
    }
    return new ApiAuthorization(apigw.AuthorizationType.COGNITO, { authorizer, authorizationScopes });
  }

  /**
   * Callers are authorized by a Lambda authorizer (`apigw.TokenAuthorizer` or
   * `apigw.RequestAuthorizer`).
   */
  public static lambda(authorizer: apigw.IAuthorizer): ApiAuthorization {
    if (authorizer.authorizationType !== undefined && authorizer.authorizationType !== apigw.AuthorizationType.CUSTOM) {
      throw new Error(`\`ApiAuthorization.lambda()\` needs a Lambda (CUSTOM) authorizer, got one of type: ${authorizer.authorizationType}. ` +
        'Use ApiAuthorization.cognito() for Cognito.');
    }
    return new ApiAuthorization(apigw.AuthorizationType.CUSTOM, { authorizer });
  }

  /**
   * No authorization on any method: anyone who can reach the API can call it.
   * The firewall, throttling and logging still apply.
   *
   * @param reason why the API is public; recorded as the acknowledgment of the
   * cdk-nag authorization rules (at least 10 characters)
   */
  public static allowUnauthenticated(reason: string): ApiAuthorization {
    validateUnauthenticatedReason('ApiAuthorization.allowUnauthenticated()', reason);
    return new ApiAuthorization(apigw.AuthorizationType.NONE, { unauthenticatedReason: reason });
  }

  /** The authorization type every method gets unless it sets its own. */
  public readonly authorizationType: apigw.AuthorizationType;

  /**
   * The authorizer, for `ApiAuthorization.cognito()` and `ApiAuthorization.lambda()`.
   *
   * @default - none
   */
  public readonly authorizer?: apigw.IAuthorizer;

  /**
   * The OAuth scopes, for `ApiAuthorization.cognito()`.
   *
   * @default - none
   */
  public readonly authorizationScopes?: string[];

  /**
   * Why the API is public, for `ApiAuthorization.allowUnauthenticated()`.
   *
   * @default - none
   */
  public readonly unauthenticatedReason?: string;

  private constructor(authorizationType: apigw.AuthorizationType, options: {
    authorizer?: apigw.IAuthorizer;
    authorizationScopes?: string[];
    unauthenticatedReason?: string;
  } = {}) {
    this.authorizationType = authorizationType;
    this.authorizer = options.authorizer;
    this.authorizationScopes = options.authorizationScopes;
    this.unauthenticatedReason = options.unauthenticatedReason;
  }
}
