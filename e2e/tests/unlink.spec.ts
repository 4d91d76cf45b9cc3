import { expect, test } from '../fixtures/test';
import { expectGoodPage, LicensePage, loginAs, resetDemo, tabTo } from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

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
