import { IConstruct } from 'constructs';

/**
 * What EC2 accepts as a security group's description: up to 255 characters of
 * a-z, A-Z, 0-9, spaces and `._-:/()#,@[]+=&;{}!$*`. A longer one, or another
 * character, fails the deployment.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
 */
export const SECURITY_GROUP_DESCRIPTION_MAX_LENGTH = 255;
const SECURITY_GROUP_DESCRIPTION_INVALID = /[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g;
const ELISION = '...';

/**
 * A security group description that names `scope` by its construct path:
 * `render(path)`, with characters EC2 refuses in the path replaced by `-`, and
 * the path shortened from the left (`.../Parent/Database`) when the whole
 * description would be longer than EC2 accepts.
 */
export function securityGroupDescription(scope: IConstruct, render: (path: string) => string): string {
  const path = scope.node.path.replace(SECURITY_GROUP_DESCRIPTION_INVALID, '-');
  const full = render(path);
  const overflow = full.length - SECURITY_GROUP_DESCRIPTION_MAX_LENGTH;
  if (overflow <= 0) {
    return full;
  }
  return render(ELISION + path.slice(overflow + ELISION.length));
}
