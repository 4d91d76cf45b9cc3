import { expect, test } from '../fixtures/test';
import { expectGoodPage, LicensePage, loginAs, resetDemo, tabTo } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where overflow shows; the Pixel 7 run (412 ×
// 915, DPR 2.625, its user agent) walks the same screens where the manual's long labels wrap
// elsewhere and more of each step fits on screen, so scrolling into view, focus placement and the
// quality checks (axe, no sideways scroll or clipping) meet a second real layout. (No breakpoint
// lies between them: the one at 40rem is wider than both.)

// Manual 2章 ①-2 / SPEC §4.3: 「連携解除」 → 同意確認 → 完了 → 外部サイトとの連携トップへ.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('免許 太郎 unlinks, lands on 外部サイトとの連携, and /license then offers 「連携をはじめる」', async ({ page }) => {
  await loginAs(page, 'taro');
  const license = new LicensePage(page);
  await license.goto();
  await license.unlinkLink.click();

  await expect(page).toHaveURL(/\/license\/unlink$/);
  await expect(page.getByRole('heading', { level: 1, name: 'アカウント連携解除の同意確認' })).toBeFocused();
  await expect(page.getByRole('heading', { name: '手続き中の申請がある場合は完了後に連携を解除してください' })).toBeVisible();
  await expect(page.getByRole('link', { name: '手続き状況を確認する' })).toHaveAttribute('href', '/applications');
  await expectGoodPage(page);

  await page.getByRole('button', { name: '同意して次へ' }).click();
  await expect(page).toHaveURL(/\/license\/unlink\/done$/);
  await expect(page.getByRole('heading', { level: 1, name: 'アカウント連携解除の完了' })).toBeVisible();
  await expectGoodPage(page);

  await page.getByRole('link', { name: '外部サイトとの連携トップへ' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole('heading', { level: 1, name: '外部サイトとの連携' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'マイナ免許証との連携' }) });
  await expect(item).toContainText('未連携');
  await expectGoodPage(page);

  await license.goto();
  await expect(license.startLinkingLink).toBeVisible();
  await expect(page.locator('dl.record')).toHaveCount(0);
});

test('キャンセル on the consent step returns to /license still linked', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/unlink');
  await page.getByRole('button', { name: 'キャンセル' }).click();
  await expect(page).toHaveURL(/\/license$/);
  await expect(page.getByRole('heading', { level: 1, name: '運転免許' })).toBeVisible();
  const session = await page.request.get('/api/session');
  expect((await session.json()).linked).toBe(true);
});

test('the done page reached by URL without unlinking does not claim success', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/unlink/done');
  await expect(page.getByRole('alert')).toContainText('まだ完了していません');
  await expect(page.getByRole('heading', { name: 'アカウント連携解除の完了' })).toHaveCount(0);
  await expectGoodPage(page);
});

test('/connections shows 連携済 for a linked person, keyboard only', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/connections');
  const link = page.getByRole('link', { name: 'マイナ免許証との連携' });
  await expect(page.getByRole('listitem').filter({ has: link })).toContainText('連携済');
  await tabTo(page, link, 'マイナ免許証との連携');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/license$/);
});
