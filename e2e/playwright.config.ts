import { defineConfig, devices } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * End-to-end suite for the マイナ免許証 portal SPA.
 *
 * The servers are started by xtask (`cargo xtask test`), not here: one demo server per
 * worker (`E2E_BASE_URLS`, one URL per worker; e2e/fixtures/test.ts hands each worker its
 * own by its parallel index), so a test's demo reset or moved demo clock never reaches
 * another worker's tests (tests/isolation.spec.ts shows it), and the workers run every
 * test in parallel. Run by hand against one server (`BASE_URL`), it is one worker.
 */

/**
 * The viewports each spec runs at, from the spec's own header (issue 32.2): every spec says
 * `// Viewports: both` or `// Viewports: phone-360 only`, and why, in its first lines. The
 * 360 px project runs every spec (the narrowest phone covers every screen); the Pixel 7
 * (412 px, DPR 2.625, its user agent) runs the specs whose header says what it adds. A spec
 * without the line stops the run here, so none is left undecided.
 */
function viewports(): { both: RegExp[] } {
  const dir = join(__dirname, 'tests');
  const both: RegExp[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.spec.ts')).sort()) {
    const head = readFileSync(join(dir, file), 'utf8').split('\n').slice(0, 40).join('\n');
    const said = head.match(/^\/\/ Viewports: (both|phone-360 only)\b/m);
    if (!said) throw new Error(`tests/${file}: its header must say "// Viewports: both" or "// Viewports: phone-360 only", and why`);
    // Anchored at a path separator: `pages.spec.ts` must not also match `accessibility-pages.spec.ts`.
    if (said[1] === 'both') both.push(new RegExp(`(^|[\\/])${file.replace(/\./g, '\\.')}$`));
  }
  return { both };
}
const VIEWPORTS = viewports();

/** One worker per server xtask started. */
const WORKERS = Number(process.env.E2E_WORKERS ?? '1');

// No browser download here: the system Chromium is used.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  workers: WORKERS,
  // Every test resets its worker's server at its start and shares nothing with the others,
  // so tests of one file may run on different workers (the load spreads evenly).
  fullyParallel: true,
  retries: 0,
  // Upper bounds, reached only by a failure: a test with three card reads (CARD_READ_TIMEOUT
  // each) and a score of axe scans fits on a phone four times slower than this machine
  // (`cargo xtask test --cpu-throttle 4`). Every wait inside is on a state.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // `cargo xtask test` always sets E2E_FORBID_ONLY: a `test.only` left behind fails the run
  // instead of shrinking it (issue 25.9; xtask also fails when fewer ran than were listed).
  forbidOnly: !!process.env.CI || process.env.E2E_FORBID_ONLY === '1',
  // xtask reads the JSON report for its summary (counts, the slowest tests).
  reporter: process.env.E2E_JSON_REPORT
    ? [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT }]]
    : 'list',
  use: {
    baseURL: process.env.BASE_URL ?? 'http://localhost:8080',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
  projects: [
    {
      name: 'pixel7',
      use: { ...devices['Pixel 7'], launchOptions },
      // Only the specs whose header says the second width adds something (see viewports()).
      testMatch: VIEWPORTS.both,
    },
    {
      name: 'phone-360',
      use: {
        ...devices['Pixel 7'],
        viewport: { width: 360, height: 780 },
        screen: { width: 360, height: 780 },
        isMobile: true,
        hasTouch: true,
        // Layout is in CSS pixels, so the 360 px checks (overflow, clipping, wrapping) do not
        // depend on it; painting twice the pixels each way cost this 2-core machine a fifth
        // of the suite's time (pages.spec.ts: 93 s at 2, 73 s at 1). The Pixel 7 project
        // keeps its real 2.625, and the screenshots their 2.
        deviceScaleFactor: 1,
        launchOptions,
      },
    },
  ],
});
