/**
 * `npx projen test:package`: packs the npm package as `npm publish` would
 * (after `npx projen compile`) and fails when it holds anything but what
 * users need, or when it grows past its budget. Every language's package
 * embeds this tarball, so this bounds them all. Prints the sizes.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** What the package may hold: the allow-list in package.json's `files`, and what npm always adds. */
export const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^API\.md$/,
  /^\.jsii$/,
  /^lib\/.+\.(js|d\.ts)$/,
  // The compact AWS service reference that LeastPrivilegeChecks and PermissionsBoundary read.
  /^lib\/private\/service-reference-data\.json$/,
];

/** Budgets, with room for growth; the service reference and API.md are most of both. */
export const PACKED_BUDGET_BYTES = 800 * 1024;
export const UNPACKED_BUDGET_BYTES = 4 * 1024 * 1024;

interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export function pack(): { size: number; unpackedSize: number; files: PackedFile[] } {
  const [result] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
  return result;
}

/** The problems with a packed file list: files outside the allow-list, required files missing, sizes over budget. */
export function problems(packed: { size: number; unpackedSize: number; files: PackedFile[] }): string[] {
  const found: string[] = [];
  for (const file of packed.files) {
    if (!ALLOWED.some((pattern) => pattern.test(file.path))) {
      found.push(`${file.path} (${file.size} bytes) is not something users need`);
    }
  }
  for (const required of ['lib/index.js', 'lib/index.d.ts', 'lib/private/service-reference-data.json', '.jsii', 'README.md', 'API.md', 'LICENSE']) {
    if (!packed.files.some((file) => file.path === required)) {
      found.push(`${required} is missing`);
    }
  }
  if (packed.size > PACKED_BUDGET_BYTES) {
    found.push(`the tarball is ${packed.size} bytes, over its budget of ${PACKED_BUDGET_BYTES} bytes`);
  }
  if (packed.unpackedSize > UNPACKED_BUDGET_BYTES) {
    found.push(`the package unpacks to ${packed.unpackedSize} bytes, over its budget of ${UNPACKED_BUDGET_BYTES} bytes`);
  }
  return found;
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}

if (require.main === module) {
  const packed = pack();
  console.log(`npm tarball: ${kib(packed.size)} packed, ${kib(packed.unpackedSize)} unpacked, ${packed.files.length} files ` +
    `(budgets ${kib(PACKED_BUDGET_BYTES)} and ${kib(UNPACKED_BUDGET_BYTES)})`);
  const found = problems(packed);
  for (const problem of found) {
    console.error(`  ${problem}`);
  }
  if (found.length > 0) {
    process.exitCode = 1;
  }
}
