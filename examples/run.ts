/**
 * `npm run example`: synthesizes the example app into ./cdk.out with all six
 * cdk-nag packs applied, then prints, per stack, the resource count by type,
 * the open findings per pack, every acknowledgment in force, the
 * LeastPrivilegeChecks findings and how many roles carry the permissions
 * boundary. Exits 1 if any pack reports an open finding, LeastPrivilegeChecks
 * reports anything, or a role lacks the boundary. Needs no AWS account and no credentials.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from './app';
import { applyAllNagPacks, formatFinding, NAG_PACK_NAMES, summarize } from '../test/compliance';

const outdir = path.join(__dirname, '..', 'cdk.out');
const app = new App({ outdir });
const stacks = buildExampleApp(app);
const recorder = applyAllNagPacks(app);
const assembly = app.synth();
const report = summarize(recorder);

const lines: string[] = [`Synthesized ${stacks.length} stack(s) into ${path.relative(process.cwd(), outdir) || outdir}`];
for (const stack of stacks) {
  const template = assembly.getStackByName(stack.stackName).template;
  const byType = new Map<string, number>();
  for (const resource of Object.values<{ Type: string }>(template.Resources ?? {})) {
    byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
  }
  const total = [...byType.values()].reduce((a, b) => a + b, 0);
  lines.push('', `Stack ${stack.stackName}: ${total} resources`);
  for (const [type, count] of [...byType.entries()].sort()) {
    lines.push(`  ${String(count).padStart(4)}  ${type}`);
  }
}

lines.push('', 'cdk-nag findings per pack (open, unacknowledged errors and warnings):');
for (const pack of NAG_PACK_NAMES) {
  lines.push(`  ${pack.padEnd(16)} ${report.findingsPerPack[pack]}`);
}
for (const finding of report.findings) {
  lines.push(`  ${formatFinding(finding)}`);
}

// One line per rule and reason, with the resources it covers, so the list stays readable.
const grouped = new Map<string, string[]>();
for (const ack of report.acknowledgments) {
  const key = `${ack.ruleId}\u0000${ack.reason}`;
  grouped.set(key, [...(grouped.get(key) ?? []), ack.path]);
}
lines.push('', `Acknowledgments in force: ${report.acknowledgments.length} on ${new Set(report.acknowledgments.map((a) => a.path)).size} resources`);
for (const [key, paths] of [...grouped.entries()].sort()) {
  const [ruleId, reason] = key.split('\u0000');
  const resources = new Set(paths).size;
  lines.push(`  ${ruleId} (${resources} resource${resources === 1 ? '' : 's'}): ${reason}`);
}

// LeastPrivilegeChecks reports errors on the stacks; the inventory lists every role and its boundary.
const leastPrivilege = stacks.flatMap((stack) => assembly.getStackByName(stack.stackName).messages)
  .filter((message) => String(message.entry.data).startsWith('LeastPrivilege:'));
const inventory: Array<{ path: string; permissionsBoundary?: unknown }> = JSON.parse(
  fs.readFileSync(path.join(outdir, 'permissions-inventory.json'), 'utf8'));
lines.push('', `LeastPrivilegeChecks findings: ${leastPrivilege.length}`);
for (const message of leastPrivilege) {
  lines.push(`  ${message.id}: ${message.entry.data}`);
}
lines.push(`Roles and users: ${inventory.length}, with the permissions boundary: ${inventory.filter((e) => e.permissionsBoundary).length} ` +
  '(cdk.out/permissions-inventory.json)');

console.log(lines.join('\n'));
if (leastPrivilege.length > 0 || inventory.some((e) => !e.permissionsBoundary)) {
  console.error('\nLeastPrivilegeChecks findings, or a role without the permissions boundary; see above.');
  process.exitCode = 1;
}
if (report.findings.length > 0) {
  console.error(`\n${report.findings.length} open cdk-nag finding(s); see above.`);
  process.exitCode = 1;
}
