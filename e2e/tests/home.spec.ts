import { expect, test } from '../fixtures/test';
import { LicensePage, expectGoodPage, loginAs, resetDemo } from '../fixtures';

// Viewports: both: the home page is the first screen everyone sees, and its cards wrap
// differently at 360 and 412 px (the Pixel 7 run also brings its device profile, DPR 2.625).

// SPEC §4.1: everything starts at the portal home's 「運転免許」 entry (manual 1章 ②).

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('home has the portal header, the 運転免許 entry and a footer', async ({ page }) => {
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ホーム');
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('link', { name: 'マイナポータル' })).toHaveAttribute('href', '/');
  // A visitor has no notices: the bell is for people logged in; 「ログイン」 is offered instead.
  await expect(banner.getByRole('link', { name: 'ログイン', exact: true })).toHaveAttribute('href', '/login');
  await expect(banner.locator('a[href="/notices"]')).toBeHidden();
  await expect(page.getByRole('link', { name: '運転免許', exact: true })).toHaveAttribute('href', '/license');
  await expect(page.locator('footer')).toBeVisible();
  await expectGoodPage(page);
});

test('「運転免許」 on home leads a logged-in person to their licence, with breadcrumbs', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ホーム');
  await expectGoodPage(page);

  await page.getByRole('link', { name: '運転免許', exact: true }).click();

  await expect(page).toHaveURL(/\/license$/);
  const license = new LicensePage(page);
  await license.expectRecord('運転免許', '免許 太郎');
  const breadcrumbs = page.getByRole('navigation', { name: 'パンくずリスト' });
  await expect(breadcrumbs).toBeVisible();
  await expect(breadcrumbs.getByRole('link', { name: 'ホーム' })).toHaveAttribute('href', '/');
  await expect(page.locator('footer')).toBeVisible();
  await license.expectGoodPage();
});

test('「本文へ移動」 is the first Tab stop, shows itself, and moves the focus past the header', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.getByRole('heading', { level: 1, name: '運転免許' })).toBeVisible();
  // A fresh keyboard start: the focus is on the document, not left over from the app.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '本文へ移動', exact: true });
  await expect(skip).toBeFocused();
  await expect(skip, 'the skip link is on screen while it has the focus').toBeInViewport({ ratio: 1 });

  await page.keyboard.press('Enter');
  const main = page.getByRole('main');
  await expect(main).toBeFocused();
  await expect(page, 'the skip is not a navigation').toHaveURL(/\/license$/);
  // The next Tab lands inside the main content, not back in the header.
  await page.keyboard.press('Tab');
  expect(
    await main.evaluate((el) => el.contains(document.activeElement) && el !== document.activeElement),
    'after 「本文へ移動」, Tab moves within the main content',
  ).toBe(true);
});
