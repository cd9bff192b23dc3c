// Prints one closing line that counts every test CI ran: jest and pytest from
// their JUnit reports, integ-runner from its own summary in the npm test log.
const fs = require('fs');

function junitCounts(file) {
  // Sum over every <testsuite> element: jest-junit puts totals on <testsuites>,
  // pytest does not, but both put them on each <testsuite>.
  const xml = fs.readFileSync(file, 'utf8');
  const totals = { tests: 0, failed: 0, skipped: 0 };
  for (const [tag] of xml.matchAll(/<testsuite\b[^>]*>/g)) {
    const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(tag) || [])[1] || 0);
    totals.tests += attr('tests');
    totals.failed += attr('failures') + attr('errors');
    totals.skipped += attr('skipped');
  }
  return { passed: totals.tests - totals.failed - totals.skipped, failed: totals.failed, skipped: totals.skipped };
}

const jest = junitCounts('test-reports/junit.xml');
const pytest = junitCounts('test-reports/pytest.xml');
// integ-runner's own totals: the `Tests:` line after its `Snapshot Results:`
// (jest prints a `Tests:` line of its own earlier in the same log).
function integCounts(file) {
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const results = fs.readFileSync(file, 'utf8').split('Snapshot Results:').slice(1).pop() || '';
  const line = results.split('\n').find((l) => /^Tests:/.test(l.trim())) || '';
  const count = (word) => Number((new RegExp(`(\\d+) ${word}`).exec(line) || [])[1] || 0);
  // With failures, integ-runner prints only `N failed, M total`.
  return { passed: count('total') - count('failed'), failed: count('failed'), total: count('total') };
}

const integ = integCounts('test-reports/npm-test.log') || { passed: 0, failed: 0, total: 0 };
const integPassed = integ.passed;
const integFailed = integ.failed;
if (integ.total === 0) {
  console.log('integ-runner printed no totals');
  process.exit(1);
}

// test:compat's jest totals (its own `Tests:` line) and the consumers' closing lines.
function jestLineCounts(file) {
  const line = fs.readFileSync(file, 'utf8').split('\n').filter((l) => /^Tests:/.test(l.trim())).pop() || '';
  const count = (word) => Number((new RegExp(`(\\d+) ${word}`).exec(line) || [])[1] || 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}
const compat = jestLineCounts('test-reports/compat.log');
const consumers = (fs.readFileSync('test-reports/consumers.log', 'utf8').match(/^\S+ consumer: .* synthesized and checked\.$/gm) || []).length;

console.log(`jest: ${jest.passed} passed, ${jest.failed} failed, ${jest.skipped} skipped`);
console.log(`integ-runner snapshots: ${integPassed} passed, ${integFailed} failed`);
console.log(`pytest: ${pytest.passed} passed, ${pytest.failed} failed, ${pytest.skipped} skipped`);
console.log(`test:compat (jest on the newest aws-cdk-lib, cdk-nag 3): ${compat.passed} passed, ${compat.failed} failed, ${compat.skipped} skipped`);
console.log(`consumers (npm tarball, Java, Go): ${consumers} of 3 synthesized and checked`);
// The upgrade guard's own lines (it fails CI itself when something is replaced).
const upgrade = fs.existsSync('test-reports/upgrade.log') ? fs.readFileSync('test-reports/upgrade.log', 'utf8').split('\n').filter((l) => /^ {2}\S/.test(l)) : [];
console.log(`upgrade guard:${upgrade.length ? `\n${upgrade.join('\n')}` : ' not run'}`);
const passed = jest.passed + integPassed + pytest.passed + compat.passed + consumers;
const failed = jest.failed + integFailed + pytest.failed + compat.failed + (3 - consumers);
const skipped = jest.skipped + pytest.skipped + compat.skipped;

// What each language's users download: the packed npm tarball (test:package), the wheel, the jar and the Go module.
const path = require('path');
const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;
const filesUnder = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()) : []);
const tarball = (/npm tarball: (.*)/.exec(fs.readFileSync('test-reports/package.log', 'utf8')) || [])[1];
const wheel = filesUnder('dist/python').find((f) => f.endsWith('.whl'));
const jar = filesUnder('dist/java').find((f) => /cdk-paved-road-[^/]*\d\.jar$/.test(f));
const goModule = filesUnder('dist/go').reduce((sum, f) => sum + fs.statSync(f).size, 0);
console.log(`packages: npm tarball ${tarball || 'not packed'}; Python wheel ${wheel ? kib(fs.statSync(wheel).size) : 'not built'}; ` +
  `Java jar ${jar ? kib(fs.statSync(jar).size) : 'not built'}; Go module ${goModule ? kib(goModule) : 'not built'} (source)`);
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
