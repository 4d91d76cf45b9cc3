import { expect, test, type Page } from '../fixtures/test';
import { expectGoodPage, loginAs, resetDemo, tabTo } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where overflow shows; the Pixel 7 run (412 ×
// 915, DPR 2.625, its user agent) walks the same screens where the manual's long labels wrap
// elsewhere and more of each step fits on screen, so scrolling into view, focus placement and the
// quality checks (axe, no sideways scroll or clipping) meet a second real layout. (No breakpoint
// lies between them: the one at 40rem is wider than both.)

// 「ログイン中の端末」 (issue 16): where the account is logged in, and logging the others out.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

const TITLE = 'ログイン中の端末';

async function openFromConnections(page: Page): Promise<void> {
  await page.goto('/connections');
  await page.getByRole('link', { name: TITLE, exact: true }).click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
}

// One list item per session, each headed by its device (the breadcrumbs are list items too).
const entries = (page: Page) =>
  page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });

test('another device of the same person is listed and can be logged out from here', async ({ page, browser, baseURL }) => {
  const elsewhere = await browser.newContext({ baseURL });
  try {
    const other = await elsewhere.newPage();
    await loginAs(other, 'taro');
    await loginAs(page, 'taro');
    await openFromConnections(page);
    await expect(entries(page)).toHaveCount(2);
    await expect(entries(page).filter({ hasText: 'この端末' })).toHaveCount(1);
    await expectGoodPage(page);

    const logOut = page.getByRole('button', { name: /をログアウトさせる$/ });
    await expect(logOut).toHaveCount(1); // this device has none: 「ログアウト」 is in the header
    await logOut.click();
    await expect(page.getByRole('status').filter({ hasText: '選んだ端末をログアウトさせました。' })).toBeVisible();
    await expect(entries(page)).toHaveCount(1);
    expect((await other.request.get('/api/session')).status(), 'the other device is logged out').toBe(401);
    expect((await page.request.get('/api/session')).status(), 'this one is not').toBe(200);
    await expectGoodPage(page);
  } finally {
    await elsewhere.close();
  }
});

test('keyboard only: 「ほかの端末をすべてログアウトさせる」 ends every other session', async ({ page, browser, baseURL }) => {
  const others = [await browser.newContext({ baseURL }), await browser.newContext({ baseURL })];
  try {
    const pages = await Promise.all(others.map((c) => c.newPage()));
    for (const p of pages) await loginAs(p, 'taro');
    await loginAs(page, 'taro');
    await openFromConnections(page);
    await expect(entries(page)).toHaveCount(3);
    const all = page.getByRole('button', { name: 'ほかの端末をすべてログアウトさせる', exact: true });
    await tabTo(page, all, 'ほかの端末をすべてログアウトさせる');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'ほかの端末2台をログアウトさせました。' })).toBeVisible();
    await expect(entries(page)).toHaveCount(1);
    await expect(all).toHaveCount(0);
    for (const p of pages) expect((await p.request.get('/api/session')).status()).toBe(401);
  } finally {
    await Promise.all(others.map((c) => c.close()));
  }
});
