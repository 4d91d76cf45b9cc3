import { expect, test } from '../fixtures/test';
import { LicensePage, loginAs, resetDemo, watchRequests } from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// 2章 ② 「運転経歴情報表示時の場合」 (SPEC §4.4), 経歴 梅子 (マイナ経歴証明書のみ).

const HISTORY_FIELD_ORDER = [
  '氏名',
  'フリガナ',
  '通称名',
  '旧姓名',
  '生年月日',
  '住所',
  '保有状況',
  '顔写真',
  '運転経歴情報記録年月日',
  '運転経歴区分',
  '運転経歴情報記録番号',
  '取得していた免許',
  '免許の年月日（二・小・原）',
  '免許の年月日（他）',
  '免許の年月日（二種）',
  '備考',
];

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('経歴 梅子 sees her driving-history record', async ({ page }) => {
  await loginAs(page, 'ume');
  const record = new LicensePage(page);
  await record.goto();

  await record.expectRecord('運転経歴情報', '経歴 梅子');
  await expect(page.getByText('登録情報 2026年12月01日時点')).toBeVisible();

  await expect(record.field('フリガナ')).toHaveText('ケイレキ ウメコ');
  await expect(record.field('通称名')).toHaveText('');
  await expect(record.field('旧姓名')).toHaveText('山田 梅子');
  await expect(record.field('生年月日')).toHaveText('1948年03月15日');
  await expect(record.field('住所')).toHaveText('大阪府大阪市北区梅田三丁目4番5号');
  await expect(record.field('保有状況')).toHaveText('マイナ経歴証明書のみ');
  await expect(record.field('運転経歴情報記録年月日')).toHaveText('2024年04月01日');
  await expect(record.field('運転経歴情報記録番号')).toHaveText('第987654321000号');
  await expect(record.field(/取得していた免許/).getByRole('listitem')).toHaveText(['普通', '普二', '原付']);
  await expect(record.field('免許の年月日（二・小・原）')).toHaveText('1970年05月20日');
  await expect(record.field('免許の年月日（他）')).toHaveText('1970年05月20日');
  await expect(record.field('免許の年月日（二種）')).toHaveText('1985年09月10日');
  await expect(record.field('備考')).toContainText('住所変更 令和5年6月1日');

  const labels = (await record.fieldLabels()).map((l) => (l.includes('取得していた免許') ? '取得していた免許' : l));
  expect(labels).toEqual(HISTORY_FIELD_ORDER);

  // Licence-only parts are absent.
  await expect(record.field('本籍')).toHaveCount(0);
  await expect(record.honseki.showButton).toHaveCount(0);
  await expect(record.renewalHeading).toHaveCount(0);
  await expect(record.lectureNoticeLink).toHaveCount(0);

  await record.expectGoodPage();
});

test('顔写真 is hidden by default and toggles both ways', async ({ page }) => {
  const photoRequests = watchRequests(page, '/api/license/photo');
  await loginAs(page, 'ume');
  const record = new LicensePage(page);
  await record.goto();
  await record.expectRecord('運転経歴情報', '経歴 梅子');

  const photo = page.getByRole('img', { name: '顔写真' });
  await expect(photo).toHaveCount(0);
  await record.photo.expectHidden();
  expect(photoRequests, 'photo requests before it is shown').toEqual([]);
  await record.expectGoodPage();

  const photoResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/license/photo');
  await record.photo.show();
  expect((await photoResponse).status()).toBe(200);
  const img = record.photo.container.getByRole('img', { name: '顔写真' });
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)), {
      message: 'the photo has loaded (naturalWidth > 0)',
    })
    .toBeGreaterThan(0);
  await record.expectGoodPage();

  await record.photo.hide();
  await expect(photo).toHaveCount(0);
  await record.expectGoodPage();
});

test('運転経歴区分 is hidden by default, not sent with the record, and toggles both ways', async ({ page }) => {
  await loginAs(page, 'ume');
  const record = new LicensePage(page);
  const response = await record.goto();
  await record.expectRecord('運転経歴情報', '経歴 梅子');

  expect(await response.text(), '/api/license body').not.toContain('history_class');
  await record.historyClass.expectHidden();
  await record.expectGoodPage();

  await record.historyClass.show();
  await expect(record.historyClass.container).toHaveText('1');
  await record.expectGoodPage();

  await record.historyClass.hide();
  await expect(record.historyClass.container).toBeEmpty();
  await record.expectGoodPage();
});
