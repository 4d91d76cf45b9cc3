import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end suite for the マイナ免許証 portal SPA.
 *
 * The servers are started by xtask (`cargo xtask test`), not here: one demo server per
 * worker (`E2E_BASE_URLS`, one URL per worker; e2e/fixtures/test.ts hands each worker its
 * own by its parallel index), so a test's demo reset or moved demo clock never reaches
 * another worker's tests (tests/isolation.spec.ts shows it), and the workers run every
 * test in parallel. Run by hand against one server (`BASE_URL`), it is one worker.
 */

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
      // The gallery's hundred states play at 360 px (see the spec); worker isolation is
      // about servers, not screens (see the spec).
      testIgnore: [/gallery-scenes\.spec\.ts$/, /isolation\.spec\.ts$/],
    },
    {
      name: 'phone-360',
      use: {
        ...devices['Pixel 7'],
        viewport: { width: 360, height: 780 },
        screen: { width: 360, height: 780 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        launchOptions,
      },
    },
  ],
});
