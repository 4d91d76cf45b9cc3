import { expect, test, type Locator, type Page } from '../fixtures/test';
import {
  CARD_READ_TIMEOUT,
  agreeToTerms,
  CardReadScreen,
  LicensePage,
  PIN_DIALOG,
  PinDialog,
  expectGoodPage,
  loginAs,
  noticeItems,
  processApplications,
  resetDemo,
  setClock,
  waitForCardRead,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// Manual 3章③ / SPEC §4, §4.7: every step of start, renew and cancel at its own URL;
// reload and back keep the step (the server keeps what the steps gave), or return to the
// flow's first step with the reason; the help links the manual shows; renewal restarting
// the ten years; a change after the signing certificate expired is not passed on.

const TERMS = '住所変更ワンストップサービス等利用同意';
const SELECT = '住所変更ワンストップサービス等利用同意項目選択';
const DONE = '住所変更ワンストップサービス等利用同意申請完了通知';
const STATUS = '住所変更ワンストップサービス等利用同意状況照会';
const CANCEL = '住所変更ワンストップサービス等利用同意解除';
const CANCEL_DONE = '住所変更ワンストップサービス等利用同意解除申請完了通知';
const CHANGE_NOTICE = '同意項目（住所・氏名・生年月日）の変更の処理結果について';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

function radio(page: Page, item: string, choice: '同意する' | '同意しない'): Locator {
  return page.getByRole('group', { name: item, exact: true }).getByRole('radio', { name: choice, exact: true });
}

async function at(page: Page, url: RegExp, heading: string): Promise<void> {
  await expect(page).toHaveURL(url);
  await expect(h1(page)).toHaveText(heading);
  await expect(page.locator('p.loading')).toHaveCount(0);
  await expectGoodPage(page);
}

async function sign(page: Page): Promise<void> {
  await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  await card.read();
}

async function expectHelpLinks(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: 'よくある質問(FAQ)' })).toHaveAttribute('href', '/license/onestop/help/faq');
  await expect(page.getByRole('link', { name: 'マニュアルダウンロード' })).toHaveAttribute('href', '/license/onestop/help/manual');
}

test('start: each step at its own URL; reload keeps it, back goes one step back, done stays done', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/start');
  await at(page, /\/license\/onestop\/start$/, TERMS);
  await expectHelpLinks(page);
  await agreeToTerms(page);
  await at(page, /\/license\/onestop\/start\/items$/, SELECT);

  // The choice is kept: a reload shows it again, no terms to read again.
  const kept = page.waitForResponse((r) => r.url().endsWith('/api/onestop/steps/start/items') && r.status() === 204);
  await radio(page, '生年月日', '同意する').check();
  await kept;
  await page.reload();
  await at(page, /\/license\/onestop\/start\/items$/, SELECT);
  await expect(radio(page, '生年月日', '同意する')).toBeChecked();

  // Back is the terms step; forward is the choice again.
  await page.goBack();
  await at(page, /\/license\/onestop\/start$/, TERMS);
  await page.goForward();
  await at(page, /\/license\/onestop\/start\/items$/, SELECT);
  await expect(radio(page, '生年月日', '同意する')).toBeChecked();

  await page.getByRole('button', { name: '利用を開始' }).click();
  await sign(page);
  await at(page, /\/license\/onestop\/start\/done$/, DONE);
  await expect(page.getByRole('row', { name: /申請状況/ }).getByRole('cell')).toHaveText('受付済');
  await expectHelpLinks(page);
  // 受付番号: twelve digits in groups of four, its own row, with 「コピー」.
  const receiptNo = page.locator('.receipt__number');
  await expect(receiptNo).toHaveText(/^\d{4}-\d{4}-\d{4}$/);
  await expect(page.getByRole('button', { name: 'コピー', exact: true })).toBeVisible();
  const receipt = await receiptNo.textContent();

  // A reload shows the same completion, and nothing is submitted twice.
  await page.reload();
  await at(page, /\/license\/onestop\/start\/done$/, DONE);
  await expect(receiptNo).toHaveText(receipt ?? '');
  const apps = await (await page.request.get('/api/applications')).json();
  expect(apps.filter((a: { kind: string }) => a.kind === 'onestop_consent')).toHaveLength(1);

  // The steps are done: the choice step by its address goes back to the terms, saying why.
  await page.goto('/license/onestop/start/items');
  await at(page, /\/license\/onestop\/start$/, TERMS);
  await expect(page.getByRole('alert').filter({ hasText: '利用規約への同意を確認できませんでした' })).toBeVisible();
});

test('a step opened by its address without the earlier ones returns to the terms with the reason', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/renew/items');
  await at(page, /\/license\/onestop\/renew$/, TERMS);
  await expect(page.getByRole('alert').filter({ hasText: '利用規約への同意を確認できませんでした' })).toBeVisible();
  await page.goto('/license/onestop/cancel/done');
  await at(page, /\/license\/onestop\/cancel$/, CANCEL);
  await expect(page.getByRole('alert').filter({ hasText: 'まだ受け付けていません' })).toBeVisible();
});

test('renew: 免許 太郎 changes an item and the ten years restart from the processing date', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop');
  await page.getByRole('link', { name: '同意有効期間の更新（同意項目の変更）' }).click();
  await at(page, /\/license\/onestop\/renew$/, TERMS);
  await expect(page.getByText('住所変更ワンストップサービス等 同意有効期間の更新', { exact: true })).toBeVisible();
  await agreeToTerms(page);
  await at(page, /\/license\/onestop\/renew\/items$/, SELECT);
  await expect(page.getByText('有効期限：令和15年4月1日', { exact: true })).toBeVisible();
  await radio(page, '氏名', '同意しない').check();
  await radio(page, '生年月日', '同意する').check();
  await page.getByRole('button', { name: '利用を開始' }).click();
  await sign(page);
  await at(page, /\/license\/onestop\/renew\/done$/, DONE);
  await expect(page.getByText('同意有効期間の更新の申請を受け付けました。')).toBeVisible();

  expect(await processApplications(page)).toBeGreaterThanOrEqual(1);
  await page.goto('/license/onestop/status');
  await at(page, /\/license\/onestop\/status$/, STATUS);
  for (const [item, state] of [['住所', '同意済'], ['氏名', '未同意'], ['生年月日', '同意済']]) {
    await expect(page.getByRole('row', { name: new RegExp(`^${item}`) }).getByRole('cell')).toHaveText(state);
  }
  await expect(page.getByText('同意日：令和8年12月15日', { exact: true })).toBeVisible();
  await expect(page.getByText('有効期限：令和18年12月15日', { exact: true })).toBeVisible();
  await expectHelpLinks(page);
});

test('cancel: terms at /cancel, 重要 on the completion at /cancel/done, which a reload keeps', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/cancel');
  await at(page, /\/license\/onestop\/cancel$/, CANCEL);
  await agreeToTerms(page);
  await sign(page);
  await at(page, /\/license\/onestop\/cancel\/done$/, CANCEL_DONE);
  await expect(page.getByRole('heading', { name: '重要', exact: true })).toBeVisible();
  await page.reload();
  await at(page, /\/license\/onestop\/cancel\/done$/, CANCEL_DONE);
  await expect(page.getByRole('heading', { name: '重要', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(page).toHaveURL(/\/license\/onestop$/);
});

test('the hub links 「住所変更ワンストップサービス等について」, and the help pages open', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop');
  await page.getByRole('link', { name: '住所変更ワンストップサービス等について' }).click();
  await at(page, /\/license\/onestop\/help\/about$/, '住所変更ワンストップサービス等について');
  for (const [topic, heading] of [['faq', 'よくある質問(FAQ)'], ['manual', 'マニュアル（住所変更ワンストップサービス等）']]) {
    await page.goto(`/license/onestop/help/${topic}`);
    await at(page, new RegExp(`/help/${topic}$`), heading);
  }
});

test('a change after the signing certificate expired is not applied; the person is told why', async ({ page }) => {
  await loginAs(page, 'taro');
  // The demo cards' certificates end on 2030-03-31; the consent runs to 令和15年4月1日.
  await setClock(page, '2031-01-10T10:00:00+09:00');
  const posted = await page.request.post('/api/demo/jlis-change', {
    data: { person: 'taro', address: '大阪府大阪市北区梅田一丁目1番1号' },
  });
  expect(posted.status()).toBe(202);
  await processApplications(page);
  const license = new LicensePage(page);
  await license.goto();
  await expect(license.field('住所')).toHaveText('東京都港区芝浦四丁目5番6号');
  await page.goto('/notices');
  await expect(noticeItems(page).filter({ hasText: CHANGE_NOTICE })).toHaveCount(1);
  await page.getByRole('link', { name: new RegExp(CHANGE_NOTICE.replace(/[()（）]/g, '.')) }).click();
  await expect(page.getByText(/署名用電子証明書の有効期限（令和12年3月31日）が過ぎていたため/)).toBeVisible();
  await expectGoodPage(page);
});

/**
 * A completion screen: 「受付済」 as at acceptance and no live status; after the worker ran
 * and a reload, still 「受付済」, with the live status and its time beside it.
 */
async function acceptedThenProcessed(page: Page, done: RegExp, heading: string): Promise<void> {
  await at(page, done, heading);
  const accepted = page.getByRole('row', { name: /^申請状況/ });
  const live = page.getByRole('row', { name: /^現在の申請状況/ });
  await expect(accepted.getByRole('cell')).toHaveText('受付済');
  await expect(live).toHaveCount(0);

  expect(await processApplications(page)).toBeGreaterThan(0);
  await page.reload();
  await at(page, done, heading);
  await expect(accepted.getByRole('cell')).toHaveText('受付済');
  await expect(live.getByRole('cell')).toHaveText(/^完了（\d{4}年\d{2}月\d{2}日 \d{2}:\d{2} 時点）$/);
}

test('cancel done: 「受付済」 at acceptance stays after the worker ran, with the live status and its time beside it', async ({
  page,
}) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/cancel');
  await at(page, /\/license\/onestop\/cancel$/, CANCEL);
  await agreeToTerms(page);
  await sign(page);
  await acceptedThenProcessed(page, /\/license\/onestop\/cancel\/done$/, CANCEL_DONE);
});

test('start done: 「受付済」 at acceptance stays after the worker ran, with the live status and its time beside it', async ({
  page,
}) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/start');
  await at(page, /\/license\/onestop\/start$/, TERMS);
  await agreeToTerms(page);
  await at(page, /\/license\/onestop\/start\/items$/, SELECT);
  await radio(page, '生年月日', '同意する').check();
  await page.getByRole('button', { name: '利用を開始' }).click();
  await sign(page);
  await acceptedThenProcessed(page, /\/license\/onestop\/start\/done$/, DONE);
});
