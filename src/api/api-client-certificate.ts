import { Token } from 'aws-cdk-lib';

/**
 * The client certificate a `SecureRestApi`'s stage presents to its HTTP
 * backends, so that they can tell calls from API Gateway from anyone else's.
 *
 * It matters only for HTTP and HTTP proxy integrations: Lambda, AWS service
 * and mock integrations never see it. API Gateway allows 60 client
 * certificates per account and region, and each expires after 365 days and
 * must then be rotated (API Gateway Developer Guide, "Generate and configure
 * an SSL certificate for backend authentication").
 */
export class ApiClientCertificate {
  /**
   * No client certificate: the API's integrations are Lambda functions, AWS
   * services or mocks, or its HTTP backends authenticate callers otherwise.
   * The HIPAA, NIST 800-53 rev 5 and PCI DSS packs' `APIGWSSLEnabled` rule is
   * acknowledged on the stage with that reason.
   */
  public static none(): ApiClientCertificate {
    return new ApiClientCertificate(false);
  }

  /**
   * A client certificate of this API's own. Each counts toward the quota of
   * 60 per account and region; a synth warning says when the app's APIs
   * create more in one account and region.
   */
  public static perApi(): ApiClientCertificate {
    return new ApiClientCertificate(true);
  }

  /**
   * A client certificate that several APIs share (an
   * `apigateway.CfnClientCertificate`'s `ref`, or the id of one made elsewhere),
   * so that an account's HTTP backends trust one certificate.
   */
  public static fromClientCertificateId(clientCertificateId: string): ApiClientCertificate {
    if (!Token.isUnresolved(clientCertificateId) && !/^[a-z0-9]{1,64}$/.test(clientCertificateId)) {
      throw new Error(
        '`ApiClientCertificate.fromClientCertificateId()` needs the id API Gateway gave the certificate (lowercase letters and digits, ' +
        `such as 'q7ab3d'), got: '${clientCertificateId}'.`,
      );
    }
    return new ApiClientCertificate(false, clientCertificateId);
  }

  /**
   * Whether the API creates a certificate of its own.
   * @internal
   */
  public readonly _createsOwn: boolean;

  /**
   * The id of a shared certificate.
   * @internal
   */
  public readonly _sharedId?: string;

  private constructor(createsOwn: boolean, sharedId?: string) {
    this._createsOwn = createsOwn;
    this._sharedId = sharedId;
  }
}
