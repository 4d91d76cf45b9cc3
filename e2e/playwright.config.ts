import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end suite for the マイナ免許証 portal SPA.
 *
 * The server is started by xtask (`cargo xtask test`), not here. All tests share that one
 * demo server and reset it at their start, so they run one at a time.
 */

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
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Upper bounds, reached only by a failure: a test with three card reads (CARD_READ_TIMEOUT
  // each) and a score of axe scans fits on a phone four times slower than this machine
  // (`cargo xtask test --cpu-throttle 4`). Every wait inside is on a state.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: 'list',
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
      // The gallery's hundred states play at 360 px (see the spec).
      testIgnore: /gallery-scenes\.spec\.ts$/,
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
