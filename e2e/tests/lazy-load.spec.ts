import { expect, test } from '../fixtures/test';
import { expectGoodPage, loginAs, resetDemo } from '../fixtures';

// Viewports: phone-360 only: a lost lazy file is a network matter, not a layout one; the error
// screen's layout at 412 px is checked with every page in pages.spec.ts's Pixel 7 run.

// Screens outside the first view come as lazy wasm files (src/app.rs, xtask/src/spa_wasm.rs).
// A phone may lose its connection just then: the app must say so and recover, not stop.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('a screen whose code cannot be fetched says so; the rest of the app works, and the screen opens once online', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.getByRole('heading', { level: 1, name: '運転免許' })).toBeVisible();
  await expect(page.locator('main[data-boot]')).toHaveCount(0);
  // Set on this document: still there at the end shows the app recovered without a reload.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  // The one-stop screens' file fails on the way.
  await page.route('**/split_onestop*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: /基本情報の自動変更/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '画面を表示できませんでした' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('通信状況を確認してから「再読み込み」を押してください。');
  await expectGoodPage(page);

  // The rest of the app still works: the header's link home, then home's 「運転免許」.
  await page.getByRole('link', { name: 'マイナポータル' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ホーム');

  // Back online: the same link, followed in the app, loads the screen.
  await page.unroute('**/split_onestop*');
  await page.getByRole('link', { name: '運転免許', exact: true }).click();
  await page.getByRole('link', { name: /基本情報の自動変更/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '基本情報の自動変更' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('「再読み込み」 loads the screen again once the connection is back', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.locator('main[data-boot]')).toHaveCount(0);
  await page.route('**/split_account*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: /お知らせ/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '画面を表示できませんでした' })).toBeVisible();
  await page.unroute('**/split_account*');
  await page.getByRole('button', { name: '再読み込み' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'お知らせ' })).toBeVisible();
});
