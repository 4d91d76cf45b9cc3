import { expect, test } from '@playwright/test';
import { LicensePage, expectGoodPage, loginAs, resetDemo } from '../fixtures';

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
