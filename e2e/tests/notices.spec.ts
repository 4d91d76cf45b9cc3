import { expect, test } from '../fixtures/test';
import {
  NOTICE_TITLES,
  applicationItems,
  bell,
  bellName,
  expectGoodPage,
  loginAs,
  noticeItems,
  processApplications,
  resetDemo,
  setClock,
  submitDemoApplication,
  tabTo,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// SPEC §4.10 / manual 3章④: the bell's unread count, お知らせ (list + detail, opening marks
// read), 手続き状況 with the status history, and the time-based expiry notice (once per period).
// 免許 太郎's licence expires 2027-02-01, so its renewal window is 2026-12-01 … 2027-02-01.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('after processing the bell count rises; opening a notice lowers it', async ({ page }) => {
  await loginAs(page, 'taro');
  // The default clock (2026-12-15) is inside taro's renewal window: the first run of the
  // worker sends the expiry notice, so start from that settled state.
  await processApplications(page);
  await page.goto('/');
  await expect(bell(page)).toHaveAccessibleName(bellName(1));
  await expect(bell(page)).toHaveAttribute('href', '/notices');
  await expect(bell(page).locator('.bell-badge')).toHaveText('1');

  const id = await submitDemoApplication(page, 'e2e-bell-1');
  expect(await processApplications(page)).toBe(1);

  await bell(page).click();
  await expect(page).toHaveURL(/\/notices$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('お知らせ');
  await expect(bell(page)).toHaveAccessibleName(bellName(2));
  await expect(page.getByRole('status').filter({ hasText: 'お知らせは2件です（未読2件）。' })).toBeVisible();
  // Newest first, both marked 「未読」 in text.
  await expect(noticeItems(page)).toHaveCount(2);
  await expect(noticeItems(page).nth(0)).toContainText(NOTICE_TITLES.demoResult);
  await expect(noticeItems(page).nth(1)).toContainText(NOTICE_TITLES.licenseExpiry);
  await expect(noticeItems(page).nth(0)).toContainText('未読');
  await expect(noticeItems(page).nth(1)).toContainText('未読');
  await expectGoodPage(page);

  await page.getByRole('link', { name: NOTICE_TITLES.demoResult }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f]+$/);
  await expect(page.getByRole('heading', { level: 1, name: NOTICE_TITLES.demoResult })).toBeFocused();
  await expect(page.getByRole('main')).toContainText('処理が完了しました');
  await expect(bell(page)).toHaveAccessibleName(bellName(1));
  await expect(page.getByRole('navigation', { name: 'パンくずリスト' }).getByRole('link', { name: 'お知らせ' })).toHaveAttribute('href', '/notices');
  await expectGoodPage(page);

  // The result leads to the application.
  await page.getByRole('link', { name: '手続き状況を確認する' }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'デモ申請' })).toBeVisible();

  // Back on the list, only the expiry notice is still unread.
  await page.goto('/notices');
  await expect(noticeItems(page)).toHaveCount(2);
  await expect(noticeItems(page).nth(0)).not.toContainText('未読');
  await expect(noticeItems(page).nth(1)).toContainText('未読');
  await expect(bell(page)).toHaveAccessibleName(bellName(1));

  // Keyboard: the expiry notice opens with Enter; then nothing is unread.
  await tabTo(page, page.getByRole('link', { name: NOTICE_TITLES.licenseExpiry }), NOTICE_TITLES.licenseExpiry);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: NOTICE_TITLES.licenseExpiry })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName(bellName(0));
  await expect(bell(page).locator('.bell-badge')).toHaveCount(0);
});

test('手続き状況 lists the applications with their status and history', async ({ page }) => {
  await loginAs(page, 'taro');
  await processApplications(page);
  await submitDemoApplication(page, 'e2e-apps-done');
  await submitDemoApplication(page, 'e2e-apps-rejected', '{"reject":"添付書類が確認できませんでした。"}');
  expect(await processApplications(page)).toBe(2);

  await page.goto('/applications');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('手続き状況');
  await expect(page.getByRole('status').filter({ hasText: '申請は2件です。' })).toBeVisible();
  await expect(applicationItems(page)).toHaveCount(2);
  // Newest first.
  await expect(applicationItems(page).nth(0)).toContainText('申請状況 却下');
  await expect(applicationItems(page).nth(1)).toContainText('申請状況 完了');
  await expect(applicationItems(page).nth(0)).toContainText('2026年12月15日 10:00');
  await expectGoodPage(page);

  await applicationItems(page).nth(0).getByRole('link').click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'デモ申請' })).toBeFocused();
  const record = page.locator('dl.record');
  await expect(record.locator('.field', { hasText: '申請状況' }).locator('dd')).toHaveText('却下');
  await expect(record.locator('.field', { hasText: '却下の理由' }).locator('dd')).toHaveText('添付書類が確認できませんでした。');
  const history = page.getByRole('region', { name: '申請状況の履歴' }).getByRole('listitem');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('受付済');
  await expect(history.nth(1)).toContainText('処理中');
  await expect(history.nth(2)).toContainText('却下');
  await expectGoodPage(page);

  await page.getByRole('link', { name: '処理結果のお知らせを見る' }).click();
  await expect(page.getByRole('heading', { level: 1, name: NOTICE_TITLES.demoResult })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('却下の理由：添付書類が確認できませんでした。');
});

test('moving the demo clock into the renewal window sends the expiry notice once', async ({ page }) => {
  await loginAs(page, 'taro');

  // Before the window: nothing, and the bell is just 「お知らせ」.
  await setClock(page, '2026-11-15T10:00:00+09:00');
  await page.goto('/notices');
  await expect(page.getByRole('status').filter({ hasText: 'お知らせはありません。' })).toBeVisible();
  await expect(noticeItems(page)).toHaveCount(0);
  await expect(bell(page)).toHaveAccessibleName(bellName(0));
  await expectGoodPage(page);

  // Into the window, then further within the same period (and a worker run): one notice.
  await setClock(page, '2026-12-20T10:00:00+09:00');
  await setClock(page, '2027-01-10T10:00:00+09:00');
  await processApplications(page);
  await page.goto('/notices');
  await expect(noticeItems(page)).toHaveCount(1);
  await expect(noticeItems(page).filter({ hasText: NOTICE_TITLES.licenseExpiry })).toHaveCount(1);
  await expect(bell(page)).toHaveAccessibleName(bellName(1));

  await page.getByRole('link', { name: NOTICE_TITLES.licenseExpiry }).click();
  await expect(page.getByRole('heading', { level: 1, name: NOTICE_TITLES.licenseExpiry })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('2027年02月01日');
  await expect(page.getByRole('main')).toContainText('2026年12月20日 10:00'); // sent when the clock entered the window
  await expectGoodPage(page);
  await page.getByRole('link', { name: '運転免許ページへ' }).click();
  await expect(page).toHaveURL(/\/license$/);
});

test('another person\'s notice is not shown, and a visitor must log in first', async ({ page }) => {
  await page.goto('/notices');
  await expect(page).toHaveURL(/\/login\?next=\/notices$/);

  await loginAs(page, 'taro');
  await submitDemoApplication(page, 'e2e-private');
  await processApplications(page);
  const list = await page.request.get('/api/notices');
  const taros = (await list.json())[0].id as string;

  await loginAs(page, 'hanako');
  await page.goto(`/notices/${taros}`);
  await expect(page.getByRole('alert')).toHaveText('お知らせが見つかりませんでした。');
  await expect(page.getByRole('main')).not.toContainText(NOTICE_TITLES.demoResult);
  await expectGoodPage(page);

  await page.goto('/applications');
  await expect(page.getByRole('status').filter({ hasText: '申請はありません。' })).toBeVisible();
  await expect(applicationItems(page)).toHaveCount(0);
  await expectGoodPage(page);
});

test('「申請を処理する」 on /demo updates the bell without a reload', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('デモ操作');
  await expect(bell(page)).toHaveAccessibleName(bellName(0));
  await page.getByRole('button', { name: '申請を処理する' }).click();
  // The run sends taro's expiry notice (the default clock is inside his renewal window).
  await expect(bell(page)).toHaveAccessibleName(bellName(1));
  await expect(bell(page).locator('.bell-badge')).toHaveText('1');
  await expectGoodPage(page);
});
