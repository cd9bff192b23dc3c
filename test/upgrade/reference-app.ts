/**
 * The reference app (examples/three-tier-web-app) as the upgrade guard sees
 * it: its stateful resources in each profile, synthesized offline with the
 * context `cdk synth` gives it (construct paths recorded, so a report can
 * say what a logical id is) and asset bundling skipped (no stateful property
 * depends on an asset).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { StatefulSnapshot, statefulResources } from './upgrade-guard';
import { buildWebApp, cliContext } from '../../examples/three-tier-web-app/lib/web-app';

/** The profiles the reference app is built in. */
export const PROFILES = ['development', 'production'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** The committed baseline: the reference app of the previous release. */
export const BASELINE_FILE = path.join(__dirname, 'baseline', 'reference-app.json');

/** What the baseline file holds. */
export interface Baseline {
  /** Which release the snapshots were taken from. */
  readonly release: string;
  readonly profiles: Record<ProfileName, StatefulSnapshot>;
}

/**
 * The reference app's stateful resources in `profile`. `modify` runs after the
 * app is built and before it is synthesized (tests use it to change the app).
 */
export function referenceAppSnapshot(profile: ProfileName, modify?: (app: App) => void): StatefulSnapshot {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-guard-'));
  try {
    const app = new App({ outdir, context: { ...cliContext(), 'cdk-paved-road:profile': profile, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
    const stacks = buildWebApp(app);
    modify?.(app);
    const assembly = app.synth();
    return statefulResources(Object.fromEntries(stacks.map((stack) => [stack.stackName, assembly.getStackByName(stack.stackName).template])));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Reads the committed baseline. */
export function readBaseline(): Baseline {
  return JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8'));
}
