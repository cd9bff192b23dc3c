import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SECURITY_GROUP_DESCRIPTION_MAX_LENGTH, securityGroupDescription } from '../../src/private/descriptions';

/** EC2 CreateSecurityGroup: a description of up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* */
const VALID = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

describe('securityGroupDescription', () => {
  test('a short path is named whole', () => {
    const scope = new Construct(new Stack(new App(), 'DataStack'), 'Orders');
    expect(securityGroupDescription(scope, (path) => `The database ${path}: admits only its proxy`)).toBe('The database DataStack/Orders: admits only its proxy');
  });

  test('a path too long for EC2 is shortened from the left to exactly the limit, keeping the construct\'s own id', () => {
    let scope: Construct = new Stack(new App(), 'DataStack');
    for (let i = 0; i < 8; i++) {
      scope = new Construct(scope, `Level${i}WithAFairlyLongName`);
    }
    scope = new Construct(scope, 'OrdersDatabase');
    const description = securityGroupDescription(scope, (path) => `The database ${path}: admits only its proxy and its rotation function`);
    expect(description).toHaveLength(SECURITY_GROUP_DESCRIPTION_MAX_LENGTH);
    expect(description).toMatch(/^The database \.\.\.[^ ]*\/Level7WithAFairlyLongName\/OrdersDatabase: admits only its proxy and its rotation function$/);
    expect(description).toMatch(VALID);
  });

  test('a description of exactly 255 characters is kept whole', () => {
    const stack = new Stack(new App(), 'DataStack');
    const prefix = 'The database ';
    const suffix = ': admits only its proxy';
    // DataStack/<id>: the id fills the description to exactly the limit.
    const id = 'X'.repeat(SECURITY_GROUP_DESCRIPTION_MAX_LENGTH - prefix.length - suffix.length - 'DataStack/'.length);
    const description = securityGroupDescription(new Construct(stack, id), (path) => `${prefix}${path}${suffix}`);
    expect(description).toBe(`${prefix}DataStack/${id}${suffix}`);
    expect(description).toHaveLength(SECURITY_GROUP_DESCRIPTION_MAX_LENGTH);
  });

  test('characters EC2 refuses in construct ids become -', () => {
    const scope = new Construct(new Construct(new Stack(new App(), 'DataStack'), 'Team\'s'), 'Orders~"DB"');
    expect(securityGroupDescription(scope, (path) => `Of ${path}`)).toBe('Of DataStack/Team-s/Orders--DB-');
  });
});
