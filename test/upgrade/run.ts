/**
 * `npx projen upgrade:check`: synthesizes the reference app in both profiles
 * and compares its stateful resources with the committed baseline of the
 * previous release. Exits 1 when one would be replaced (its logical id gone,
 * or a create-only property changed) and the README's "Upgrading" section
 * does not name it as `<stack>/<logical id>`, or when switching the app's
 * profile would replace one.
 *
 * `npx projen upgrade:baseline` writes the baseline; run it when a release is
 * cut, so that the next release is compared with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Baseline, BASELINE_FILE, PROFILES, readBaseline, referenceAppSnapshot } from './reference-app';
import { formatReplacement, namedInChangelog, profileSwitchReplacements, replacements } from './upgrade-guard';

const README = path.join(__dirname, '..', '..', 'README.md');

function writeBaseline(release: string): void {
  const baseline: Baseline = {
    release,
    profiles: { development: referenceAppSnapshot('development'), production: referenceAppSnapshot('production') },
  };
  fs.writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, undefined, 1)}\n`);
  const counts = PROFILES.map((profile) => `${profile} ${Object.values(baseline.profiles[profile]).reduce((n, stack) => n + Object.keys(stack).length, 0)}`);
  console.log(`Wrote ${path.relative(process.cwd(), BASELINE_FILE)} (${release}): stateful resources ${counts.join(', ')}.`);
}

function check(): number {
  const baseline = readBaseline();
  const named = namedInChangelog(fs.readFileSync(README, 'utf8'));
  const current = { development: referenceAppSnapshot('development'), production: referenceAppSnapshot('production') };
  let failures = 0;
  console.log(`Upgrade guard: the reference app against the baseline of ${baseline.release}`);
  for (const profile of PROFILES) {
    const found = replacements(baseline.profiles[profile], current[profile]);
    const announced = found.filter((replacement) => named.has(replacement.id));
    const unannounced = found.filter((replacement) => !named.has(replacement.id));
    const total = Object.values(baseline.profiles[profile]).reduce((n, stack) => n + Object.keys(stack).length, 0);
    console.log(`  ${profile}: ${total} stateful resources in the baseline, ${found.length} replaced (${announced.length} named in the changelog, ${unannounced.length} not)`);
    for (const replacement of unannounced) {
      console.log(`    NOT IN THE CHANGELOG: ${formatReplacement(replacement)}`);
    }
    failures += unannounced.length;
  }
  const profileSwitch = profileSwitchReplacements(current.development, current.production);
  console.log(`  switching the profile between development and production replaces ${profileSwitch.length} stateful resources (Aurora readers a profile adds hold no data and are not counted)`);
  for (const replacement of profileSwitch) {
    console.log(`    ${formatReplacement(replacement)}`);
  }
  failures += profileSwitch.length;
  return failures === 0 ? 0 : 1;
}

const [mode, release] = process.argv.slice(2);
if (mode === 'baseline') {
  if (!release) {
    throw new Error('Usage: upgrade:baseline <release>, for example upgrade:baseline "0.x at 2fbc7cf"');
  }
  writeBaseline(release);
} else {
  process.exitCode = check();
}
