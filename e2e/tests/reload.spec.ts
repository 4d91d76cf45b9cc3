import { expect, test } from '../fixtures/test';
import { LicensePage, expectGoodPage, loginAs, loginWithCardHere, resetDemo } from '../fixtures';

// Viewports: both: a reload re-mounts each screen from its URL, and the Pixel 7 run checks the
// restored screen at the second width (where a restored scroll or focus position differs).

// SPEC §4: every screen is deep-linkable and a reload never gives a blank page.

const HONSEKI = '東京都中央区銀座一丁目10番地';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('reloading /license shows the record again, with 本籍 hidden again', async ({ page }) => {
  await loginAs(page, 'taro');
  const license = new LicensePage(page);
  await license.goto();
  await license.expectRecord('運転免許', '免許 太郎');
  await license.expectGoodPage();
  await license.honseki.show();
  await expect(license.honseki.container.getByText(HONSEKI)).toBeVisible();
  await license.expectGoodPage();

  await page.reload();

  await expect(page).toHaveURL(/\/license$/);
  await license.expectRecord('運転免許', '免許 太郎');
  await expect(license.field('生年月日')).toHaveText('1996年01月01日');
  await expect(license.field('保有状況')).toHaveText('マイナ免許証のみ');
  await expect(page.getByText(HONSEKI)).toHaveCount(0);
  await license.honseki.expectHidden();
  await license.expectGoodPage();
});

test('a deep link straight to /license opens the record', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license');

  const license = new LicensePage(page);
  await license.expectRecord('運転免許', '免許 太郎');
  await expect(license.field('免許情報記録番号')).toHaveText('第012345678900号');
  await license.expectGoodPage();
});

test('/license without a session goes to /login, where a demo person logs in with the card', async ({ page }) => {
  await page.goto('/license');

  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログイン');
  for (const name of ['免許 太郎', '経歴 梅子', '免許 一郎', '免許 健']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await expectGoodPage(page);

  // Card login (SPEC §5): the person's auth PIN, then 「読み取り開始」 on the card-read screen.
  await loginWithCardHere(page, 'taro', '1234');

  await expect(page).toHaveURL(/\/license$/);
  const license = new LicensePage(page);
  await license.expectRecord('運転免許', '免許 太郎');
  await license.expectGoodPage();
});
