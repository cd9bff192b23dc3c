/**
 * `npm run test:compat` runs against what users install, not the development
 * pins: these fail if the suites would silently run on the pins, or with
 * deprecated APIs allowed.
 */
import { App, Stack } from 'aws-cdk-lib';

const rootPackage = require('../package.json');

describe('the compatibility run', () => {
  test('uses the newest aws-cdk-lib in the peer range, newer than the development pin, and cdk-nag 3', () => {
    const cdkVersion: string = require('aws-cdk-lib/package.json').version;
    const nagVersion: string = require('cdk-nag-v3/package.json').version;
    console.log(`aws-cdk-lib ${cdkVersion}, constructs ${require('constructs/package.json').version}, cdk-nag ${nagVersion}`);
    expect(require.resolve('aws-cdk-lib')).toContain('/compat/.deps/node_modules/');
    expect(cdkVersion).not.toEqual(rootPackage.devDependencies['aws-cdk-lib']);
    expect(Number(cdkVersion.split('.')[1])).toBeGreaterThan(Number(rootPackage.devDependencies['aws-cdk-lib'].split('.')[1]));
    expect(nagVersion).toMatch(/^3\./);
  });

  test('an API that aws-cdk-lib marks deprecated fails (JSII_DEPRECATED=fail)', () => {
    const app = new App();
    const first = new Stack(app, 'First');
    const second = new Stack(app, 'Second');
    expect(process.env.JSII_DEPRECATED).toBe('fail');
    expect(() => second.addDependency(first)).toThrow(/aws-cdk-lib.Stack#addDependency is deprecated/);
  });
});
