/**
 * `npm run example`: synthesizes the reference three-tier web app
 * (examples/three-tier-web-app) for both deployment profiles, into
 * cdk.out/development and cdk.out/production, with all six cdk-nag packs and
 * LeastPrivilegeChecks, and prints one summary: per stack, the resource count
 * by type in each profile; the operations dashboard's sections and how many
 * alarms its service-health alarm covers; the open findings per pack; the LeastPrivilegeChecks
 * findings and how many roles carry the permissions boundary; cfn-lint's
 * findings and AWS Control Tower's proactive controls on every template; and
 * every acknowledgment in force, with its reason. Exits 1 on any open finding,
 * any LeastPrivilegeChecks or cfn-lint finding, any open Control Tower
 * failure, or a role without the boundary. Needs no AWS account and no
 * credentials (cfn-lint is installed from PyPI on first use).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Profile } from '../src';
import { FUNCTION_NETWORK_ACTIONS, SHARED_POLICY_REASON } from '../src/private/function-role';
import { WORKFLOW_POLICY } from '../src/private/workflow-policy';
import { applyAllNagPacks, formatFinding, NAG_PACK_NAMES, NagAcknowledgmentInForce, summarize } from '../test/compliance';
import { cfnLint, CfnLintResult, formatCfnLint } from '../test/templates/cfn-lint';
import { controlTower, ControlTowerResult, formatControlTower } from '../test/templates/control-tower';
import { DASHBOARD_NAME, OperationsStack } from './three-tier-web-app/lib/operations-stack';
import { buildWebApp, cliContext } from './three-tier-web-app/lib/web-app';

interface ProfileResult {
  readonly profile: Profile;
  readonly outdir: string;
  /** Stack name → resource type → count. */
  readonly resources: Map<string, Map<string, number>>;
  /** The operations dashboard: its sections (node paths) in order, and the alarms of its service-health alarm. */
  readonly dashboard: DashboardSummary;
  readonly findingsPerPack: Record<string, number>;
  readonly findings: string[];
  readonly acknowledgments: NagAcknowledgmentInForce[];
  readonly leastPrivilege: string[];
  readonly principals: number;
  readonly bounded: number;
  /** Resources aws-cdk-lib adds after the aspects ran (cross-region reference providers): no cdk-nag pack sees them. */
  readonly unseenByPacks: string[];
  /** cfn-lint on every template of the profile. */
  readonly cfnLint: CfnLintResult;
  /** AWS Control Tower's proactive controls on every template of the profile. */
  readonly controlTower: ControlTowerResult;
}

interface DashboardSummary {
  readonly sections: string[];
  /** `OperationsDashboard.alarmCount`: the distinct alarms the service-health alarm covers. */
  readonly alarmCount: number;
  /** Composite alarms: one per section with alarms, and ServiceHealth. */
  readonly compositeAlarms: number;
}

function summarizeDashboard(stacks: Stack[]): DashboardSummary {
  const operations = stacks.find((stack): stack is OperationsStack => stack instanceof OperationsStack);
  if (!operations) {
    throw new Error('The reference app has no OperationsStack.');
  }
  return {
    sections: operations.dashboard.sections,
    alarmCount: operations.dashboard.alarmCount,
    compositeAlarms: operations.dashboard.node.findAll().filter((construct) => construct instanceof cloudwatch.CompositeAlarm).length,
  };
}

/** Synthesizes the app with `profile` set for the whole app through context. */
export function synthesizeProfile(profile: Profile, outdir: string): ProfileResult {
  // Assets of earlier runs would otherwise pile up beside the new ones.
  fs.rmSync(outdir, { recursive: true, force: true });
  // The context `cdk synth` would give the app in its folder (the cached AZ
  // lookups among it), with the profile on top.
  const app = new App({ outdir, context: { ...cliContext(), 'cdk-paved-road:profile': profile.name } });
  const stacks = buildWebApp(app);
  const recorder = applyAllNagPacks(app);
  const assembly = app.synth();
  const report = summarize(recorder);

  const resources = new Map<string, Map<string, number>>();
  const leastPrivilege: string[] = [];
  const unseenByPacks: string[] = [];
  for (const stack of stacks) {
    const artifact = assembly.getStackByName(stack.stackName);
    for (const [logicalId, resource] of Object.entries<{ Type: string }>(artifact.template.Resources ?? {})) {
      if (logicalId.startsWith('CustomCrossRegionExport') || resource.Type.startsWith('Custom::CrossRegionExport')) {
        unseenByPacks.push(`${stack.stackName}/${logicalId} (${resource.Type})`);
      }
    }
    const byType = new Map<string, number>();
    for (const resource of Object.values<{ Type: string }>(artifact.template.Resources ?? {})) {
      byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
    }
    resources.set(stack.stackName, byType);
    leastPrivilege.push(...artifact.messages
      .filter((message) => String(message.entry.data).startsWith('LeastPrivilege:'))
      .map((message) => `${message.id}: ${message.entry.data}`));
  }
  const templates = assembly.stacks.map((stack) => path.join(assembly.directory, stack.templateFile));
  const regions = [...new Set(assembly.stacks.map((stack) => stack.environment.region))];
  const inventory: Array<{ permissionsBoundary?: unknown }> = JSON.parse(fs.readFileSync(path.join(outdir, 'permissions-inventory.json'), 'utf8'));
  return {
    profile,
    outdir,
    resources,
    dashboard: summarizeDashboard(stacks),
    findingsPerPack: report.findingsPerPack,
    findings: report.findings.map(formatFinding),
    acknowledgments: report.acknowledgments,
    leastPrivilege,
    principals: inventory.length,
    bounded: inventory.filter((entry) => entry.permissionsBoundary).length,
    unseenByPacks,
    cfnLint: cfnLint(templates, regions),
    controlTower: controlTower(templates),
  };
}

function render(results: ProfileResult[]): string {
  const names = results.map((r) => r.profile.name);
  const cells = (values: Array<string | number>) => values.map((v) => String(v).padStart(12)).join('');
  const lines = [`Reference three-tier web app, synthesized for ${names.join(' and ')} into ${results.map((r) => path.relative(process.cwd(), r.outdir)).join(', ')}`];

  for (const stackName of results[0].resources.keys()) {
    const perProfile = results.map((r) => r.resources.get(stackName) ?? new Map<string, number>());
    const types = [...new Set(perProfile.flatMap((m) => [...m.keys()]))].sort();
    const totals = perProfile.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    lines.push('', `Stack ${stackName}`, `${cells(names)}  resource type`, `${cells(totals)}  (all)`);
    for (const type of types) {
      lines.push(`${cells(perProfile.map((m) => m.get(type) ?? 0))}  ${type}`);
    }
  }

  lines.push('');
  for (const r of results) {
    const { sections, alarmCount, compositeAlarms } = r.dashboard;
    lines.push(`Operations dashboard ${DASHBOARD_NAME} (${r.profile.name}): ${sections.length} sections, ${alarmCount} alarms in the service-health alarm ` +
      `(through ${compositeAlarms} composite alarms)`);
  }
  const sameSections = results.every((r) => JSON.stringify(r.dashboard.sections) === JSON.stringify(results[0].dashboard.sections));
  for (const r of sameSections ? [results[0]] : results) {
    lines.push(`Sections${sameSections ? ` (${names.join(' and ')} alike)` : ` (${r.profile.name})`}, in the dashboard's order:`);
    lines.push(...r.dashboard.sections.map((section) => `  ${section}`));
  }

  lines.push('', 'cdk-nag findings per pack (open: unacknowledged errors and warnings)', `${''.padEnd(18)}${cells(names)}`);
  for (const pack of NAG_PACK_NAMES) {
    lines.push(`${pack.padEnd(18)}${cells(results.map((r) => r.findingsPerPack[pack]))}`);
  }
  for (const r of results) {
    lines.push(...r.findings.map((f) => `  [${r.profile.name}] ${f}`));
  }

  lines.push('', 'Deploy-time checks of the templates');
  for (const r of results) {
    lines.push(...formatCfnLint(r.cfnLint).map((line) => `  [${r.profile.name}] ${line.trim()}`));
    lines.push(...formatControlTower(r.controlTower).map((line) => `  [${r.profile.name}] ${line.trim()}`));
  }

  lines.push('', 'LeastPrivilegeChecks', `${''.padEnd(18)}${cells(names)}`,
    `${'findings'.padEnd(18)}${cells(results.map((r) => r.leastPrivilege.length))}`,
    `${'roles and users'.padEnd(18)}${cells(results.map((r) => r.principals))}`,
    `${'with the boundary'.padEnd(18)}${cells(results.map((r) => r.bounded))}`);
  for (const r of results) {
    lines.push(...r.leastPrivilege.map((f) => `  [${r.profile.name}] ${f}`));
  }
  lines.push('Exceptions in force (2, made by the library itself), with their reason:',
    `  the SecureFunction networking policy of each stack (PavedRoadFunctionNetworkingPolicy): Resource * for ${FUNCTION_NETWORK_ACTIONS.join(', ')}`,
    `    ${SHARED_POLICY_REASON}`,
    `  the Workflow log delivery and tracing policy of each stack (${WORKFLOW_POLICY.id}): Resource * for ${WORKFLOW_POLICY.acceptedActions.join(', ')}`,
    `    ${WORKFLOW_POLICY.reason}`);

  lines.push('', `Not seen by cdk-nag (${results.map((r) => `${r.profile.name}: ${r.unseenByPacks.length}`).join(', ')}): resources aws-cdk-lib adds ` +
    'after the aspects have run, for cross-region references. ReplicatedBucket scopes their roles\' logs; ' +
    'the boundary and LeastPrivilegeChecks cover their roles (counted above).');
  lines.push(...results[results.length - 1].unseenByPacks.map((r) => `  ${r}`));

  // One line per rule and reason, with how many resources it covers in each profile.
  const grouped = new Map<string, Array<Set<string>>>();
  results.forEach((r, i) => {
    for (const ack of r.acknowledgments) {
      const key = `${ack.ruleId}\u0000${ack.reason}`;
      const perProfile = grouped.get(key) ?? results.map(() => new Set<string>());
      perProfile[i].add(ack.path);
      grouped.set(key, perProfile);
    }
  });
  lines.push('', `Acknowledgments in force (${results.map((r) => `${r.profile.name}: ${r.acknowledgments.length}`).join(', ')}), ` +
    'one line per rule and reason, with the resources it covers in each profile');
  for (const [key, perProfile] of [...grouped.entries()].sort()) {
    const [ruleId, reason] = key.split('\u0000');
    lines.push(`  ${ruleId} (${perProfile.map((s) => s.size).join(' / ')}): ${reason}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const root = path.join(__dirname, '..', 'cdk.out');
  const results = [Profile.DEVELOPMENT, Profile.PRODUCTION].map((profile) => synthesizeProfile(profile, path.join(root, profile.name)));
  console.log(render(results));
  const failures = results.flatMap((r) => [
    ...(r.findings.length > 0 ? [`${r.profile.name}: ${r.findings.length} open cdk-nag finding(s)`] : []),
    ...(r.leastPrivilege.length > 0 ? [`${r.profile.name}: ${r.leastPrivilege.length} LeastPrivilegeChecks finding(s)`] : []),
    ...(r.bounded < r.principals ? [`${r.profile.name}: ${r.principals - r.bounded} role(s) without the permissions boundary`] : []),
    ...(r.cfnLint.findings.length > 0 ? [`${r.profile.name}: ${r.cfnLint.findings.length} cfn-lint finding(s)`] : []),
    ...(r.controlTower.open.length > 0 ? [`${r.profile.name}: ${r.controlTower.open.length} open Control Tower failure(s)`] : []),
  ]);
  if (failures.length > 0) {
    console.error(`\n${failures.join('\n')}; see above.`);
    process.exitCode = 1;
  }
}
