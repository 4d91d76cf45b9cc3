import { expect, test, type Page } from '../fixtures/test';
import { loginAs, resetDemo } from '../fixtures';

// Viewports: phone-360 only: the warning is a section in the page's flow, laid out like the
// other notices (the gallery and pages specs hold the layout at both widths).

// WCAG 2.2.1 (timing adjustable): the server ends a login after 30 minutes without a
// request. A person reading or typing for that long is warned first, three minutes ahead,
// with the focus on 「ログインを続ける」; pressing it is a request, so the login goes on.
// Nobody answering: the page logs out at the end and says so (src/components/idle_warning.rs,
// domain::idle). The page's clock is Playwright's, moved on by hand.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** /license as the app has mounted it, with every first request answered. The server paints
 * this page, so its heading and name show before the wasm runs; an answer that arrives after
 * the clock has been moved is use made later (the count starts again from it), which is what
 * failed on a slow run when the clock was moved on the painted page. */
async function openLicense(page: Page): Promise<void> {
  await page.goto('/license');
  await expect(page.locator('[data-boot]')).toHaveCount(0);
  await expect(page.getByText('免許 太郎 さん')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

test('warned before the idle end; 「ログインを続ける」 keeps the login going', async ({ page }) => {
  await page.clock.install();
  await loginAs(page, 'taro');
  await openLicense(page);
  const warning = page.getByRole('alertdialog', { name: 'まもなく自動的にログアウトします' });

  await page.clock.fastForward('26:30');
  await expect(warning).toHaveCount(0);
  await page.clock.fastForward('01:00');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('約3分後にログアウトします');
  const keep = warning.getByRole('button', { name: 'ログインを続ける' });
  await expect(keep).toBeFocused();

  const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/session' && r.status() === 200);
  await page.keyboard.press('Enter');
  await asked;
  await expect(warning).toHaveCount(0);
  await expect(page.getByText('免許 太郎 さん')).toBeVisible();
  // Counted again from that answer: no warning for the next 26 minutes.
  await page.clock.fastForward('26:30');
  await expect(warning).toHaveCount(0);
});

test('nobody answering: logged out at the end, said so, with the way back in', async ({ page }) => {
  await page.clock.install();
  await loginAs(page, 'taro');
  await openLicense(page);

  await page.clock.fastForward('27:30');
  await expect(page.getByRole('alertdialog', { name: 'まもなく自動的にログアウトします' })).toBeVisible();
  const loggedOut = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/logout');
  await page.clock.fastForward('02:00');
  await loggedOut;
  const ended = page.getByRole('alert').filter({ hasText: '一定時間操作がなかったため、ログアウトしました' });
  await expect(ended).toBeVisible();
  await expect(page.getByRole('heading', { name: '一定時間操作がなかったため、ログアウトしました' })).toBeFocused();
  await expect(ended.getByRole('link', { name: 'ログイン' })).toHaveAttribute('href', '/login?next=/license');
  await expect(page.getByText('免許 太郎 さん')).toHaveCount(0);
  // The server has ended it too: the next request is a visitor's.
  expect((await page.request.get('/api/session')).status()).toBe(401);
});
