import { expect, test, type Page } from '../fixtures/test';
import { LicensePage, loginAs, resetDemo, setClock } from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

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
