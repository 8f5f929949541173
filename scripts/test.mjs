// npm test: typecheck, lint, unit (vitest), build, integration (vitest), UI/e2e (playwright), in that
// order; every step runs, then one summary. The last line is "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, '.cache', 'test-reports');
const playwrightReport = join(reports, 'playwright.json');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** @param {string} project @returns {{ name: string, args: string[], report: string }} */
function vitestStep(project) {
  const report = join(reports, `vitest-${project}.json`);
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  return { name: project, args: ['exec', '--', 'vitest', 'run', '--project', project, ...reporters], report };
}

/** @type {Array<{ name: string, args: string[], env?: Record<string, string>, report?: string }>} */
const steps = [
  { name: 'typecheck', args: ['run', 'typecheck'] },
  { name: 'lint', args: ['run', 'lint'] },
  // Two vitest runs, so the unit tests still run (and count) when the test cluster cannot start.
  vitestStep('unit'),
  // Before the integration tests: `bin/gatehouse.mjs` then runs the bundle that ships, which starts
  // in a fraction of tsx's time (kubectl runs `gatehouse credential` once per call).
  { name: 'build', args: ['run', 'build'] },
  vitestStep('integration'),
  {
    name: 'e2e',
    args: ['exec', '--', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport },
  },
];

/** @type {string[]} */
const summary = [];
let failedSteps = 0;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = spawnSync('npm', step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
    shell: process.platform === 'win32',
  });
  const ok = result.status === 0;
  if (!ok) failedSteps++;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`  ${ok ? 'ok  ' : 'FAIL'} ${step.name.padEnd(18)} ${seconds}s`);
}

/** @param {string} file @returns {Record<string, unknown> | undefined} */
function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
/** @param {unknown} n */
const num = (n) => (typeof n === 'number' ? n : 0);

let passed = 0;
let failed = 0;
let skipped = 0;
/** @type {string[]} */
const missing = [];
/** Which tests failed, each with its first error line, so a CI log's tail says what to look at. */
/** @type {string[]} */
const failures = [];
for (const step of steps.filter((s) => s.report)) {
  const vitest = readJson(step.report ?? '');
  if (!vitest) missing.push(step.name);
  passed += num(vitest?.['numPassedTests']);
  failed += num(vitest?.['numFailedTests']);
  skipped += num(vitest?.['numPendingTests']) + num(vitest?.['numTodoTests']);
  failures.push(...vitestFailures(step.name, vitest));
}
/**
 * Failed tests (and files that failed outside any test, e.g. in beforeAll) from a vitest JSON report.
 * @typedef {{ fullName: string, status: string, failureMessages?: string[] }} VitestAssertion
 * @typedef {{ name: string, status: string, message?: string, assertionResults?: VitestAssertion[] }} VitestFile
 * @param {string} step @param {Record<string, unknown> | undefined} report @returns {string[]}
 */
function vitestFailures(step, report) {
  const files = /** @type {VitestFile[]} */ (report?.['testResults'] ?? []);
  /** @type {string[]} */
  const out = [];
  for (const file of files) {
    const where = file.name.startsWith(root) ? file.name.slice(root.length) : file.name;
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const t of failedTests) out.push(failureLine(step, `${where} › ${t.fullName}`, t.failureMessages?.[0]));
    if (failedTests.length === 0 && file.status === 'failed') out.push(failureLine(step, where, file.message));
  }
  return out;
}

/** @param {string} step @param {string} test @param {string | undefined} message */
function failureLine(step, test, message) {
  const first = (message ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
  // Playwright colours its messages; the summary is read in plain logs.
  const plain = stripVTControlCharacters(first).trim();
  return `  failed [${step}] ${test}: ${plain.slice(0, 300)}`;
}

const playwright = readJson(playwrightReport);
const stats = /** @type {Record<string, unknown> | undefined} */ (playwright?.['stats']);
if (stats) {
  passed += num(stats['expected']) + num(stats['flaky']);
  failed += num(stats['unexpected']);
  skipped += num(stats['skipped']);
}

/**
 * Skip reasons from the playwright report (its list reporter does not print them); failed tests go to
 * `failures` beside the vitest ones.
 * @typedef {{ title?: string, suites?: Suite[], specs?: Array<{ title: string, tests: Array<{ projectName: string, status: string, annotations: Array<{ type: string, description?: string }>, results?: Array<{ error?: { message?: string } }> }> }> }} Suite
 * @param {Suite[]} suites @param {string[]} out @returns {string[]}
 */
function skipReasons(suites, out = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const note = t.annotations.find((a) => a.type === 'skip')?.description;
        if (t.status === 'skipped') out.push(`  skipped [${t.projectName}] ${spec.title}: ${note ?? ''}`);
        if (t.status === 'unexpected') {
          const error = t.results?.find((r) => r.error)?.error?.message;
          failures.push(failureLine(`e2e ${t.projectName}`, spec.title, error));
        }
      }
    }
    skipReasons(suite.suites ?? [], out);
  }
  return out;
}

console.log('\n=== summary ===');
console.log(summary.join('\n'));
for (const line of skipReasons(/** @type {Suite[]} */ (playwright?.['suites'] ?? []))) console.log(line);
for (const line of failures) console.log(line);
if (!stats) missing.push('e2e');
for (const name of missing) console.log(`  (no report from ${name}: its tests are not counted)`);
console.log(`steps: ${steps.length - failedSteps} ok, ${failedSteps} failed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 ? 1 : 0);
