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
 * The committed templates of the integ cases' test-case stacks, as each
 * snapshot's integ.json names them. The assertion stacks hold
 * integ-tests-alpha's machinery and the probes, which are not what users
 * deploy, and are left out.
 */
export function integTemplates(): string[] {
  const integ = path.join(ROOT, 'integ');
  return fs.readdirSync(integ)
    .filter((entry) => entry.endsWith('.snapshot'))
    .flatMap((snapshot) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(integ, snapshot, 'integ.json'), 'utf8'));
      const stacks: string[] = Object.values<{ stacks: string[] }>(manifest.testCases).flatMap((testCase) => testCase.stacks);
      return stacks.map((stack) => path.join(integ, snapshot, `${stack}.template.json`));
    })
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
