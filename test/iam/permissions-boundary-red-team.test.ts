/**
 * The red-team suite of `PermissionsBoundary`: every technique of the
 * catalogue is simulated, as concrete requests, with an offline IAM policy
 * evaluator against the synthesized boundary of five configurations, and its
 * verdict must equal the one the threat model expects. Legitimate operations
 * must stay allowed, and the README's threat model must say exactly what the
 * catalogue's claims say.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PermissionsBoundary } from '../../src';
import { DOES_NOT_PREVENT, LEGITIMATE_OPERATIONS, PREVENTS, TECHNIQUES, Verdict } from './red-team/catalogue';
import { evaluate, runTechnique } from './red-team/simulate';
import { buildConfigs, CONFIG_NAMES, ConfigName } from './red-team/world';

const configs = buildConfigs();

describe('escalation techniques', () => {
  test.each(TECHNIQUES.map((technique) => [technique.id, technique.title, technique]))('%s: %s', async (_id, _title, technique) => {
    const verdicts = {} as Record<ConfigName, Verdict>;
    for (const name of CONFIG_NAMES) {
      verdicts[name] = (await runTechnique(technique, configs[name])).verdict;
    }
    expect(verdicts).toEqual(technique.expected);
  });

  test('with the administrator ceiling, what is blocked or contained is denied by the boundary\'s own deny statements', async () => {
    // A ceiling of * allows everything, so every denial there is one of the
    // boundary's explicit denies (or a key policy), never a missing allow.
    const denials: string[] = [];
    for (const technique of TECHNIQUES.filter((t) => t.expected.administrator !== 'open')) {
      const { steps } = await runTechnique(technique, configs.administrator);
      const last = steps[steps.length - 1];
      if (last.decision !== 'ExplicitlyDenied') {
        denials.push(`${technique.id}: ${last.request.action} was ${last.decision}`);
      }
    }
    expect(denials).toEqual([]);
  });
});

describe('legitimate operations stay allowed', () => {
  const cases = LEGITIMATE_OPERATIONS.flatMap((operation) => operation.configs.map((name) => [operation.title, name, operation] as const));
  test.each(cases)('%s (%s)', async (_title, name, operation) => {
    expect(await evaluate(operation.request, configs[name])).toBe('Allowed');
  });
});

describe('the catalogue', () => {
  test('covers at least 50 techniques and 10 legitimate operations, with unique ids', () => {
    expect(TECHNIQUES.length).toBeGreaterThanOrEqual(50);
    expect(LEGITIMATE_OPERATIONS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(TECHNIQUES.map((t) => t.id)).size).toBe(TECHNIQUES.length);
  });

  test('covers all 21 methods of Rhino Security Labs', () => {
    const methods = new Set(TECHNIQUES.map((t) => /^RSL-(\d+)/.exec(t.id)?.[1]).filter((n): n is string => n !== undefined).map(Number));
    expect([...methods].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  test.each(Object.entries(PREVENTS))('what it prevents (%s) is backed by techniques, none of them open where the claim holds', (claim, { holdsIn }) => {
    const techniques = TECHNIQUES.filter((t) => t.claim === claim);
    expect(techniques.length).toBeGreaterThan(0);
    const holding = holdsIn === 'always' ? CONFIG_NAMES : ([] as ConfigName[]).concat(holdsIn);
    const open = techniques.flatMap((t) => holding.filter((name) => t.expected[name] === 'open').map((name) => `${t.id} in ${name}`));
    expect(open).toEqual([]);
  });

  test.each(Object.keys(DOES_NOT_PREVENT))('what it does not prevent (%s) is shown open by a technique', (claim) => {
    const open = TECHNIQUES.filter((t) => t.claim === claim && Object.values(t.expected).includes('open'));
    expect(open.length).toBeGreaterThan(0);
  });
});

describe('the README threat model', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split('\n## PermissionsBoundary\n')[1]?.split('\n## ')[0] ?? '';

  /** The first bullet list after a bold lead-in, each bullet joined into one line. */
  function bulletsAfter(leadIn: string): string[] {
    const start = section.indexOf(leadIn);
    expect(start).toBeGreaterThanOrEqual(0);
    const lines = section.slice(start).split('\n').slice(1);
    const bullets: string[] = [];
    for (const line of lines) {
      if (line.startsWith('- ')) {
        bullets.push(line.slice(2));
      } else if (line.startsWith('  ') && bullets.length > 0) {
        bullets[bullets.length - 1] += ` ${line.trim()}`;
      } else if (bullets.length > 0) {
        break;
      }
    }
    return bullets;
  }

  test('"What it prevents" lists exactly the claims the suite proves, in order', () => {
    expect(bulletsAfter('**What it prevents.**')).toEqual(Object.values(PREVENTS).map((claim) => claim.text));
  });

  test('"What it does not prevent" lists exactly the claims the suite shows open, in order', () => {
    expect(bulletsAfter('**What it does not prevent.**')).toEqual(Object.values(DOES_NOT_PREVENT).map((claim) => claim.text));
  });

  test('gives the suite\'s size and the region exemptions as they are', () => {
    expect(section).toContain(`${TECHNIQUES.length} techniques`);
    expect(section).toContain(`${LEGITIMATE_OPERATIONS.length} legitimate operations`);
    expect(section).toContain(`\`PermissionsBoundary.REGION_DENY_EXEMPTIONS\`, ${PermissionsBoundary.REGION_DENY_EXEMPTIONS.length} entries`);
  });

  test('no longer calls the boundary escape-proof', () => {
    expect(readme).not.toMatch(/escape-proof/i);
  });
});
