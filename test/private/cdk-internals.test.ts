import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { ThreeTierVpc } from '../../src';
import { AWS_CDK_LIB_VERSION, auroraWriterInstance, customResourceProviderParts, INTERNAL_NOT_FOUND_WARNING, publicSubnetDefaultRoute, renderedProperties } from '../../src/private/cdk-internals';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('aws-cdk-lib internals are reached only through src/private/cdk-internals.ts', () => {
  /** Child lookups by id (aws-cdk-lib's ids are not API) and private members of aws-cdk-lib's classes. */
  const INTERNAL = /\.(tryFindChild|findChild)\(|\b_toCloudFormation\b|\b_cfnProperties\b|\brawOverrides\b/;

  test('no file under src/ outside src/private/ uses one', () => {
    const offending = sourceFiles(SRC)
      .filter((file) => !file.startsWith(path.join(SRC, 'private') + path.sep))
      .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
        .map((line, index) => [line, index] as const)
        .filter(([line]) => INTERNAL.test(line))
        .map(([line, index]) => `${path.relative(SRC, file)}:${index + 1}: ${line.trim()}`));
    expect(offending).toEqual([]);
  });

  test('the check can fail: it sees the uses in the adapter itself', () => {
    expect(fs.readFileSync(path.join(SRC, 'private', 'cdk-internals.ts'), 'utf8').split('\n').filter((line) => INTERNAL.test(line)).length).toBeGreaterThan(5);
  });
});

describe('a lookup that finds nothing where aws-cdk-lib should have built something warns', () => {
  test('naming what is missing, where, and the aws-cdk-lib version', () => {
    const stack = new Stack(new App(), 'Stack');
    const notASubnet = new Construct(stack, 'LooksLikeASubnet') as unknown as ec2.ISubnet;
    expect(publicSubnetDefaultRoute(notASubnet)).toBeUndefined();
    expect(customResourceProviderParts(new Construct(stack, 'NotAProvider'), 'does nothing')).toBeUndefined();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('aws-cdk-lib'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([
      ['/Stack/LooksLikeASubnet', `The route to the internet gateway (DefaultRoute) was not found under Stack/LooksLikeASubnet: aws-cdk-lib ${AWS_CDK_LIB_VERSION} builds it differently from what cdk-paved-road expects, so its cdk-nag acknowledgment is not recorded and the packs will report the route. Please report this. [ack: ${INTERNAL_NOT_FOUND_WARNING}]`],
      ['/Stack/NotAProvider', `The role and function (Role, Handler) of the provider that does nothing was not found under Stack/NotAProvider: aws-cdk-lib ${AWS_CDK_LIB_VERSION} builds it differently from what cdk-paved-road expects, so its logs keep the AWS managed policy and are not encrypted. Please report this. [ack: ${INTERNAL_NOT_FOUND_WARNING}]`],
    ]);
  });

  test('where the library cannot work without it, synth stops with the same facts', () => {
    const stack = new Stack(new App(), 'Stack');
    const notACluster = new Construct(stack, 'NotACluster') as unknown as rds.DatabaseCluster;
    expect(() => auroraWriterInstance(notACluster)).toThrow(new Error(
      `The writer instance of Stack/NotACluster (its child 'Writer') was not found: aws-cdk-lib ${AWS_CDK_LIB_VERSION} builds Aurora clusters differently from what cdk-paved-road expects. Please report this.`));
    const notRenderable = new Construct(stack, 'NotRenderable') as unknown as CfnResource;
    expect(() => renderedProperties(notRenderable)).toThrow(new Error(
      `Stack/NotRenderable cannot be rendered: aws-cdk-lib ${AWS_CDK_LIB_VERSION} no longer has CfnResource._toCloudFormation, which cdk-paved-road reads. Please report this.`));
  });

  test('and the library\'s own constructs find everything on this aws-cdk-lib', () => {
    const stack = new Stack(new App(), 'Stack');
    // ThreeTierVpc reads the default route of every public subnet and the default security group's provider.
    new ThreeTierVpc(stack, 'Network');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(INTERNAL_NOT_FOUND_WARNING))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('was not found under'))).toEqual([]);
  });
});
