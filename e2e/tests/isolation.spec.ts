import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test';
import { loginAs, resetDemo, setClock } from '../fixtures';

// Viewports: phone-360 only. This spec is about the servers behind the workers, not about
// a screen: a second viewport would only repeat the same requests.
//
// Issue 32: the workers run at the same time, each against a demo server of its own
// (e2e/fixtures/test.ts). Two tests meet across two workers: the keeper sets its server up
// (a session, a moved demo clock), the resetter then resets *its* server, and the keeper
// checks that nothing of its own was touched. On one shared server the reset would end the
// keeper's session and put its clock back: the test fails (see the note).
// They meet through files in E2E_RUN_DIR (set by `cargo xtask test`, fresh for each run).

test.describe.configure({ mode: 'parallel' });

/** The two tests wait for each other at most this long (a worker may be finishing a test). */
const MEET_TIMEOUT = 100_000;
const MOVED_CLOCK = '2027-01-20T09:00:00+09:00';

function flag(name: string): string {
  const dir = process.env.E2E_RUN_DIR;
  if (!dir) throw new Error('E2E_RUN_DIR is not set: run the suite with `cargo xtask test`');
  return join(dir, `isolation-${name}`);
}

async function waitForFlag(name: string, what: string): Promise<void> {
  await expect.poll(() => existsSync(flag(name)), { message: what, timeout: MEET_TIMEOUT, intervals: [100] }).toBe(true);
}

test('keeper: a demo reset on another worker leaves this worker’s session and clock alone', async ({ page }, testInfo) => {
  await resetDemo(page.request);
  await loginAs(page, 'taro');
  await setClock(page, MOVED_CLOCK);
  writeFileSync(flag('keeper-ready'), String(testInfo.parallelIndex));

  await waitForFlag('resetter-done', 'the other worker reset its server');
  const session = await page.request.get('/api/session');
  expect(session.status(), 'GET /api/session after the other worker’s reset').toBe(200);
  const clock = await page.request.get('/api/demo/clock');
  expect(clock.status()).toBe(200);
  expect(Date.parse((await clock.json()).now), 'the demo clock after the other worker’s reset').toBe(
    Date.parse(MOVED_CLOCK),
  );
});

test('resetter: resets its own server while the keeper waits on another worker', async ({ request }, testInfo) => {
  await waitForFlag('keeper-ready', 'the keeper set its server up');
  const keeper = Number(readFileSync(flag('keeper-ready'), 'utf8'));
  expect(testInfo.parallelIndex, 'the keeper and the resetter run on two workers').not.toBe(keeper);
  await resetDemo(request);
  writeFileSync(flag('resetter-done'), String(testInfo.parallelIndex));
});
