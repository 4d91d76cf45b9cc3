import { expect, test } from '../fixtures/test';
import { LicensePage, loginAs, resetDemo } from '../fixtures';

// Viewports: both: the unlinked licence page is the screen most people meet first after
// logging in, and its guidance block wraps differently at 360 and 412 px.

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
