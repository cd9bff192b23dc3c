/**
 * `npx projen lint:templates`: the deploy-time checks that need no AWS
 * account (cfn-lint and AWS Control Tower's proactive controls), on every template the project synthesizes besides the example app
 * (which `npm run example` checks): each integ case's test-case stacks, as
 * committed in their snapshots, and one database per engine default, so that
 * the day RDS deprecates a default version, CI fails. Exits 1 on any finding.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { cfnLint, formatCfnLint } from './cfn-lint';
import { controlTower, formatControlTower } from './control-tower';
import { DatabaseEngine, MultiAzDatabase, ThreeTierVpc } from '../../src';

const ROOT = path.join(__dirname, '..', '..');
/** The regions the integ cases and the engine defaults are checked for. */
export const LINT_REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1'];

/**
 * The committed templates of the integ cases' test-case stacks. The
 * `DeployAssert` stacks hold integ-tests-alpha's assertion machinery, which
 * the cases' own templates do not include.
 */
export function integTemplates(): string[] {
  const integ = path.join(ROOT, 'integ');
  return fs.readdirSync(integ)
    .filter((entry) => entry.endsWith('.snapshot'))
    .flatMap((snapshot) => fs.readdirSync(path.join(integ, snapshot))
      .filter((file) => file.endsWith('.template.json') && !file.includes('DeployAssert'))
      .map((file) => path.join(integ, snapshot, file)))
    .sort();
}

/** Synthesizes one MultiAzDatabase per engine factory's default version; returns the templates. */
export function engineDefaultTemplates(): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-defaults-'));
  const app = new App({ outdir });
  const engines = {
    AuroraPostgres: DatabaseEngine.auroraPostgres(),
    AuroraMysql: DatabaseEngine.auroraMysql(),
    Postgres: DatabaseEngine.postgres(),
    Mysql: DatabaseEngine.mysql(),
  };
  for (const [name, engine] of Object.entries(engines)) {
    const stack = new Stack(app, `EngineDefault${name}`);
    const network = new ThreeTierVpc(stack, 'Network');
    new MultiAzDatabase(stack, 'Database', { vpc: network.vpc, engine });
  }
  const assembly = app.synth();
  return assembly.stacks.map((stack) => path.join(assembly.directory, stack.templateFile));
}

if (require.main === module) {
  const templates = [...integTemplates(), ...engineDefaultTemplates()];
  const lint = cfnLint(templates, LINT_REGIONS);
  console.log(formatCfnLint(lint).join('\n'));
  const controls = controlTower(templates);
  console.log(formatControlTower(controls).join('\n'));
  if (lint.findings.length > 0 || controls.open.length > 0) {
    process.exitCode = 1;
  }
}
