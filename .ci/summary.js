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

// When .ci/retry-crashed-integ.js re-ran the tests Node crashed in, their
// retry's results replace their first ones.
const firstRun = integCounts('test-reports/npm-test.log') || { passed: 0, failed: 0, total: 0 };
const retry = integCounts('test-reports/integ-retry.log');
const integPassed = firstRun.passed + (retry ? retry.passed : 0);
const integFailed = retry ? retry.failed + (firstRun.failed - retry.total) : firstRun.failed;
if (firstRun.total === 0 || integPassed + integFailed !== firstRun.total) {
  console.log(`integ-runner counts do not add up (first run ${JSON.stringify(firstRun)}, retry ${JSON.stringify(retry)})`);
  process.exit(1);
}

console.log(`jest: ${jest.passed} passed, ${jest.failed} failed, ${jest.skipped} skipped`);
console.log(`integ-runner snapshots: ${integPassed} passed, ${integFailed} failed${retry ? ` (${retry.total} re-run after a Node crash)` : ''}`);
console.log(`pytest: ${pytest.passed} passed, ${pytest.failed} failed, ${pytest.skipped} skipped`);
const passed = jest.passed + integPassed + pytest.passed;
const failed = jest.failed + integFailed + pytest.failed;
const skipped = jest.skipped + pytest.skipped;
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
