import { expect, test } from '../fixtures/test';
import { LicensePage, loginAs, resetDemo } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where overflow shows; the Pixel 7 run (412 ×
// 915, DPR 2.625, its user agent) walks the same screens where the manual's long labels wrap
// elsewhere and more of each step fits on screen, so scrolling into view, focus placement and the
// quality checks (axe, no sideways scroll or clipping) meet a second real layout. (No breakpoint
// lies between them: the one at 40rem is wider than both.)

// SPEC §4.2: unlinked people see 「連携をはじめる」; people who cannot link see why.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('免許 一郎 (not linked yet) is offered 「連携をはじめる」 instead of a record', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const license = new LicensePage(page);
  await license.goto();

  await expect(license.startLinkingLink).toBeVisible();
  await expect(license.startLinkingLink).toHaveAttribute('href', /\/license\/link$/);
  await expect(license.field('氏名')).toHaveCount(0);
  await expect(page.locator('dl.record')).toHaveCount(0);
  await license.expectGoodPage();
});

test('免許 健 (運転免許証のみ) cannot link and is told to visit a 運転免許センター', async ({ page }) => {
  await loginAs(page, 'ken');
  const license = new LicensePage(page);
  const response = await license.goto();
  expect(await response.json()).toMatchObject({ state: 'unlinked', can_link: false });

  await expect(page.getByText(/運転免許センター/).first()).toBeVisible();
  await expect(license.startLinkingLink).toHaveCount(0);
  await expect(license.field('氏名')).toHaveCount(0);
  await license.expectGoodPage();
});
