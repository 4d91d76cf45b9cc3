import { expect, test, type Page } from '../fixtures/test';
import { expectGoodPage, loginAs, resetDemo, tabTo } from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

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
