import { expect, test, type Page } from '../fixtures/test';
import { LicensePage, loginAs, resetDemo, setClock } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where overflow shows; the Pixel 7 run (412 ×
// 915, DPR 2.625, its user agent) walks the same screens where the manual's long labels wrap
// elsewhere and more of each step fits on screen, so scrolling into view, focus placement and the
// quality checks (axe, no sideways scroll or clipping) meet a second real layout. (No breakpoint
// lies between them: the one at 40rem is wider than both.)

// SPEC §3 [rule] and §4.4: the renewal notice follows the renewal window
// (免許 太郎: birthday 01-01, 免許情報記録の有効期間 2027年02月01日まで → window 2026-12-01 … 2027-02-01).

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

async function openRecord(page: Page, name: string): Promise<LicensePage> {
  const license = new LicensePage(page);
  await license.goto();
  await license.expectRecord('運転免許', name);
  return license;
}

test('免許 太郎: the notice shows only while the renewal window is open', async ({ page }) => {
  await loginAs(page, 'taro');

  // Default clock 2026-12-15 10:00: window open.
  let license = await openRecord(page, '免許 太郎');
  await expect(license.renewalNotice).toBeVisible();
  await expect(license.renewalNotice.getByRole('link', { name: 'オンライン講習について確認する' })).toBeVisible();
  await license.expectGoodPage();

  // Before the window.
  await setClock(page, '2026-11-15T10:00:00+09:00');
  license = await openRecord(page, '免許 太郎');
  await expect(license.renewalHeading).toHaveCount(0);
  await expect(license.lectureNoticeLink).toHaveCount(0);
  await license.expectGoodPage();

  // Inside the window again.
  await setClock(page, '2027-01-15T10:00:00+09:00');
  license = await openRecord(page, '免許 太郎');
  await expect(license.renewalNotice).toBeVisible();
  await expect(license.renewalNotice.getByRole('link', { name: 'オンライン講習について確認する' })).toBeVisible();
  await license.expectGoodPage();

  // After the expiry date.
  await setClock(page, '2027-02-02T10:00:00+09:00');
  license = await openRecord(page, '免許 太郎');
  await expect(license.renewalHeading).toHaveCount(0);
  await expect(license.lectureNoticeLink).toHaveCount(0);
  await license.expectGoodPage();
});

test('違反 次郎: the notice says he cannot take the online lecture', async ({ page }) => {
  await loginAs(page, 'jiro');
  const license = await openRecord(page, '違反 次郎');

  await expect(license.renewalNotice).toBeVisible();
  await expect(license.renewalNotice).toContainText('対象外');
  await expect(license.lectureNoticeLink).toHaveCount(0);
  await license.expectGoodPage();
});
