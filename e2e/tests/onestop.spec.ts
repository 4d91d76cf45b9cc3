import { expect, test, type Locator, type Page } from '../fixtures/test';
import {
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
  tabTo,
  waitForCardRead,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// Manual 3章③ / SPEC §4.7: 住所変更ワンストップサービス等 — the 「基本情報の自動変更」 hub,
// start / renew (terms → 同意項目選択 → signing PIN → card read → 申請完了通知), the status,
// cancel (→ 重要), processing and its notices, and the J-LIS side played from /demo.
// 免許 太郎 is seeded with 住所 同意済, 氏名 同意済, 生年月日 未同意, 令和5年4月1日 – 令和15年4月1日.

const HUB = '基本情報の自動変更';
const TERMS = '住所変更ワンストップサービス等利用同意';
const SELECT = '住所変更ワンストップサービス等利用同意項目選択';
const DONE = '住所変更ワンストップサービス等利用同意申請完了通知';
const STATUS = '住所変更ワンストップサービス等利用同意状況照会';
const CANCEL = '住所変更ワンストップサービス等利用同意解除';
const CANCEL_DONE = '住所変更ワンストップサービス等利用同意解除申請完了通知';
const EXCLUDED = '手続きの対象外です';
const NONE_CHOSEN = '少なくとも1つの項目で「同意する」を選んでください。';
const RESULT_NOTICE = '利用同意申請の処理結果について';
const CHANGE_NOTICE = '同意項目（住所・氏名・生年月日）の変更の処理結果について';
const EXPIRY_NOTICE = '同意の有効期限の接近について';
const ITEMS = ['住所', '氏名', '生年月日'] as const;
type Item = (typeof ITEMS)[number];

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

function h1(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

function radio(page: Page, item: Item, choice: '同意する' | '同意しない'): Locator {
  return page.getByRole('group', { name: item, exact: true }).getByRole('radio', { name: choice, exact: true });
}

/** The 同意済/未同意 cell of `item` in the (only) consent table on screen. */
function stateOf(page: Page, item: Item): Locator {
  return page.getByRole('row', { name: new RegExp(`^${item}`) }).getByRole('cell');
}

async function expectStates(page: Page, states: Record<Item, '同意済' | '未同意'>): Promise<void> {
  for (const item of ITEMS) await expect(stateOf(page, item)).toHaveText(states[item]);
}

/** The terms step: scroll the box to its end, check, 「同意する」. */
async function agreeToTerms(page: Page): Promise<void> {
  const box = page.getByRole('region', { name: '利用規約' });
  await expect(box).toContainText('第1条');
  const check = page.getByRole('checkbox', { name: '利用規約を確認しました。' });
  await expect(check).toBeDisabled();
  await box.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(check).toBeEnabled();
  await check.check();
  await page.getByRole('button', { name: '同意する', exact: true }).click();
}

/** Signing PIN 「電子署名の付与」 → card-read screen → 「読み取り開始」. */
async function signWithCard(page: Page, checkQuality = false): Promise<void> {
  const dialog = new PinDialog(page, PIN_DIALOG.signing);
  await expect(dialog.dialog).toBeVisible();
  if (checkQuality) await expectGoodPage(page);
  await dialog.submit('ABC123');
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  if (checkQuality) await expectGoodPage(page);
  await card.read();
}

async function expectAccepted(page: Page, heading: string): Promise<void> {
  await expect(h1(page, heading)).toBeVisible();
  await expect(page).not.toHaveURL(/step=card/);
  await expect(page.getByRole('row', { name: /申請状況/ }).getByRole('cell')).toHaveText('受付済');
}

/** taro: hub → 同意解除について → terms → sign → 受付済 and 重要 → OK. */
async function cancelConsent(page: Page, checkQuality = false): Promise<void> {
  await page.goto('/license/onestop');
  await page.getByRole('link', { name: '同意解除について' }).click();
  await expect(h1(page, CANCEL)).toBeVisible();
  await expect(page.getByText('3項目すべての同意が取り消され').first()).toBeVisible();
  if (checkQuality) await expectGoodPage(page);
  await agreeToTerms(page);
  await signWithCard(page, checkQuality);
  await expectAccepted(page, CANCEL_DONE);
  await expect(page.getByText('利用解除申請を受け付けました。')).toBeVisible();
  // The 重要 note on the same screen, before 「OK」.
  await expect(page.getByRole('heading', { name: '重要', exact: true })).toBeVisible();
  await expect(page.getByText('運転免許センター等で変更を届け出てください。')).toBeVisible();
  if (checkQuality) await expectGoodPage(page);
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(h1(page, HUB)).toBeVisible();
}

test('免許 太郎: hub, terms, his consent as of the demo clock, all 同意しない refused, 生年月日 consented → 受付済 → processed', async ({ page }) => {
  await loginAs(page, 'taro');
  const license = new LicensePage(page);
  await license.goto();
  await page.getByRole('link', { name: /基本情報の自動変更/ }).click();

  // The hub.
  await expect(page).toHaveURL(/\/license\/onestop$/);
  await expect(h1(page, HUB)).toBeVisible();
  await expect(page.getByRole('heading', { name: '住所変更ワンストップサービス等', exact: true })).toBeVisible();
  await expect(page.getByText(EXCLUDED)).toHaveCount(0);
  for (const name of ['利用開始手続に進む', '同意有効期間の更新（同意項目の変更）', '同意状況の確認', '同意解除について', '運転免許ページへ']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expectGoodPage(page);

  // Terms.
  await page.getByRole('link', { name: '利用開始手続に進む' }).click();
  await expect(page).toHaveURL(/\/license\/onestop\/start$/);
  await expect(h1(page, TERMS)).toBeFocused();
  await expect(page.getByText('住所変更ワンストップサービス等 利用開始', { exact: true })).toBeVisible();
  await expectGoodPage(page);
  await agreeToTerms(page);

  // 同意項目選択: the current state as of the demo clock, in the Japanese era.
  await expect(h1(page, SELECT)).toBeFocused();
  await expect(page.getByRole('heading', { name: '現在の状況 ※令和8年12月15日 10:00時点' })).toBeVisible();
  await expectStates(page, { 住所: '同意済', 氏名: '同意済', 生年月日: '未同意' });
  await expect(page.getByText('同意日：令和5年4月1日', { exact: true })).toBeVisible();
  await expect(page.getByText('有効期限：令和15年4月1日', { exact: true })).toBeVisible();
  // One fieldset per item, pre-selected from the current state.
  await expect(radio(page, '住所', '同意する')).toBeChecked();
  await expect(radio(page, '氏名', '同意する')).toBeChecked();
  await expect(radio(page, '生年月日', '同意しない')).toBeChecked();
  await expect(page.locator('fieldset > legend')).toHaveText([...ITEMS]);
  await expectGoodPage(page);

  // All 同意しない: refused inline, focus on the error, no PIN dialog.
  await radio(page, '住所', '同意しない').check();
  await radio(page, '氏名', '同意しない').check();
  await page.getByRole('button', { name: '利用を開始' }).click();
  const error = page.getByText(NONE_CHOSEN);
  await expect(error).toBeVisible();
  await expect(error).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectGoodPage(page);

  // Consent to all three (生年月日 newly) → sign → 受付済.
  await radio(page, '住所', '同意する').check();
  await radio(page, '氏名', '同意する').check();
  await radio(page, '生年月日', '同意する').check();
  await page.getByRole('button', { name: '利用を開始' }).click();
  await signWithCard(page, true);
  await expectAccepted(page, DONE);
  await expect(h1(page, DONE)).toBeFocused();
  await expect(page.getByText('利用開始申請を受け付けました。')).toBeVisible();
  await expectGoodPage(page);
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(h1(page, HUB)).toBeVisible();
  await expect(page.getByText('処理中の申請があります。')).toBeVisible();

  // Processed: 生年月日 同意済, ten years from the processing date, and the result notice.
  expect(await processApplications(page)).toBeGreaterThanOrEqual(1);
  await page.goto('/license/onestop');
  await page.getByRole('link', { name: '同意状況の確認' }).click();
  await expect(h1(page, STATUS)).toBeVisible();
  await expectStates(page, { 住所: '同意済', 氏名: '同意済', 生年月日: '同意済' });
  await expect(page.getByText('同意日：令和8年12月15日', { exact: true })).toBeVisible();
  await expect(page.getByText('有効期限：令和18年12月15日', { exact: true })).toBeVisible();
  await page.goto('/notices');
  await expect(noticeItems(page).filter({ hasText: RESULT_NOTICE })).toHaveCount(1);
  await page.getByRole('link', { name: new RegExp(RESULT_NOTICE) }).click();
  await expect(page.getByText('生年月日：同意済')).toBeVisible();
  await expectGoodPage(page);
});

test('status: 「同意状況照会」 with dates, the certificate caution and 「OK」', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/status');
  await expect(h1(page, STATUS)).toBeVisible();
  await expectStates(page, { 住所: '同意済', 氏名: '同意済', 生年月日: '未同意' });
  await expect(page.getByText('同意日：令和5年4月1日', { exact: true })).toBeVisible();
  await expect(page.getByText('有効期限：令和15年4月1日', { exact: true })).toBeVisible();
  await expect(page.getByText(/署名用電子証明書が有効期間の満了で失効した後/)).toBeVisible();
  await expectGoodPage(page);
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(page).toHaveURL(/\/license\/onestop$/);
});

test('cancel: caution, signing, 受付済, 重要; after processing all three 未同意', async ({ page }) => {
  await loginAs(page, 'taro');
  await cancelConsent(page, true);
  await processApplications(page);
  await page.goto('/license/onestop/status');
  await expect(h1(page, STATUS)).toBeVisible();
  await expectStates(page, { 住所: '未同意', 氏名: '未同意', 生年月日: '未同意' });
  await expect(page.getByText('同意日：なし', { exact: true })).toBeVisible();
  await expectGoodPage(page);
  // Nothing left to cancel.
  await page.goto('/license/onestop/cancel');
  await expect(page.getByText('現在、同意している項目はありません。')).toBeVisible();
});

test('経歴 梅子 (マイナ経歴証明書のみ) can start from nothing', async ({ page }) => {
  await loginAs(page, 'ume');
  await page.goto('/license/onestop');
  await expect(h1(page, HUB)).toBeVisible();
  await expect(page.getByText(EXCLUDED)).toHaveCount(0);
  await page.getByRole('link', { name: '利用開始手続に進む' }).click();
  await agreeToTerms(page);
  await expect(h1(page, SELECT)).toBeVisible();
  await expectStates(page, { 住所: '未同意', 氏名: '未同意', 生年月日: '未同意' });
  await expect(page.getByText('同意日：なし', { exact: true })).toBeVisible();
  for (const item of ITEMS) await expect(radio(page, item, '同意しない')).toBeChecked();
  await expectGoodPage(page);
  await radio(page, '住所', '同意する').check();
  await page.getByRole('button', { name: '利用を開始' }).click();
  await signWithCard(page);
  await expectAccepted(page, DONE);
});

test('経歴 松男 and 免許 花子 see 「手続きの対象外です」; 松男 can still view his status', async ({ page }) => {
  await loginAs(page, 'matsu');
  await page.goto('/license/onestop');
  await expect(h1(page, HUB)).toBeVisible();
  await expect(page.getByRole('heading', { name: EXCLUDED })).toBeVisible();
  await expect(page.getByRole('link', { name: '詳細を確認する' })).toBeVisible();
  await expect(page.getByRole('link', { name: '利用開始手続に進む' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '同意有効期間の更新（同意項目の変更）' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '同意解除について' })).toBeVisible();
  await expectGoodPage(page);

  await page.getByRole('link', { name: '同意状況の確認' }).click();
  await expect(h1(page, STATUS)).toBeVisible();
  await expectStates(page, { 住所: '同意済', 氏名: '未同意', 生年月日: '未同意' });
  await expectGoodPage(page);

  // Start by URL: still 対象外.
  await page.goto('/license/onestop/start');
  await expect(page.getByRole('heading', { name: EXCLUDED })).toBeVisible();
  await expect(h1(page, TERMS)).toHaveCount(0);
  await expectGoodPage(page);

  await loginAs(page, 'hanako');
  await page.goto('/license/onestop');
  await expect(page.getByRole('heading', { name: EXCLUDED })).toBeVisible();
  await expect(page.getByRole('link', { name: '利用開始手続に進む' })).toHaveCount(0);
  await page.goto('/license/onestop/renew');
  await expect(page.getByRole('heading', { name: EXCLUDED })).toBeVisible();
});

test('keyboard only: terms, radios, 利用を開始, PIN and card read', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/renew');
  await expect(h1(page, TERMS)).toBeVisible();
  await expect(page.getByRole('region', { name: '利用規約' })).toContainText('第1条');
  await expectGoodPage(page);

  // The terms box scrolls from the keyboard; then the checkbox and 「同意する」.
  const box = page.getByRole('region', { name: '利用規約' });
  await expect(box).toContainText('第1条');
  await tabTo(page, box, 'the terms box');
  await page.keyboard.press('End');
  const check = page.getByRole('checkbox', { name: '利用規約を確認しました。' });
  await expect(check).toBeEnabled();
  await page.keyboard.press('Tab');
  await expect(check).toBeFocused();
  await page.keyboard.press('Space');
  await expect(check).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '同意する', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(h1(page, SELECT)).toBeFocused();

  // Tab reaches each group's checked radio; arrow keys change the choice.
  const first = radio(page, '住所', '同意する');
  for (let i = 0; i < 30 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(radio(page, '住所', '同意しない')).toBeChecked();
  await expect(radio(page, '住所', '同意しない')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(radio(page, '氏名', '同意する')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(radio(page, '氏名', '同意しない')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(radio(page, '生年月日', '同意しない')).toBeFocused();

  // All 同意しない: Enter on 利用を開始 → the error takes focus.
  const submit = page.getByRole('button', { name: '利用を開始' });
  await tabTo(page, submit, '利用を開始');
  await page.keyboard.press('Enter');
  await expect(page.getByText(NONE_CHOSEN)).toBeFocused();

  // Back to 生年月日 and choose 同意する with the arrow keys.
  await tabTo(page, radio(page, '生年月日', '同意しない'), '生年月日 同意しない', { back: true });
  await page.keyboard.press('ArrowUp');
  await expect(radio(page, '生年月日', '同意する')).toBeChecked();
  await tabTo(page, submit, '利用を開始');
  await page.keyboard.press('Enter');

  const dialog = new PinDialog(page, PIN_DIALOG.signing);
  await expect(dialog.input).toBeFocused();
  await page.keyboard.type('ABC123');
  await page.keyboard.press('Enter');
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeFocused();
  await tabTo(page, card.start, '読み取り開始');
  await page.keyboard.press('Enter');
  await waitForCardRead(page);
  await expectAccepted(page, DONE);
  await expect(h1(page, DONE)).toBeFocused();

  await processApplications(page);
  await page.goto('/license/onestop/status');
  await expectStates(page, { 住所: '未同意', 氏名: '未同意', 生年月日: '同意済' });
});

test('J-LIS: an address change from /demo updates 太郎\'s licence 住所 only while 住所 is consented', async ({ page }) => {
  await loginAs(page, 'taro');
  const license = new LicensePage(page);
  await license.goto();
  const oldAddress = (await license.field('住所').textContent())?.trim() ?? '';
  const oldBirth = (await license.field('生年月日').textContent())?.trim() ?? '';
  expect(oldAddress).toBe('東京都港区芝浦四丁目5番6号');

  // The municipality changes 住所 and 生年月日; only 住所 is consented.
  const moved = '東京都千代田区霞が関二丁目1番2号';
  await page.goto('/demo');
  await expect(page.getByRole('heading', { name: '住所等の変更（住所変更ワンストップサービス等）' })).toBeVisible();
  await page.getByLabel('変更する利用者').selectOption({ label: '免許 太郎' });
  await page.getByLabel('新しい住所').fill(moved);
  await page.getByLabel('新しい生年月日').fill('1996-01-02');
  const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/demo/jlis-change');
  await page.getByRole('button', { name: '市区町村での変更を通知' }).click();
  expect((await posted).status()).toBe(202);
  await expect(page.getByRole('status')).toContainText('受け付けました');
  await expectGoodPage(page);
  await page.getByRole('button', { name: '申請を処理する' }).click();
  await expect(page.getByRole('status')).toContainText('申請を処理しました');

  await license.goto();
  await expect(license.field('住所')).toHaveText(moved);
  await expect(license.field('生年月日')).toHaveText(oldBirth);
  await page.goto('/notices');
  await expect(noticeItems(page).filter({ hasText: CHANGE_NOTICE })).toHaveCount(1);
  await page.getByRole('link', { name: new RegExp(CHANGE_NOTICE.replace(/[()（）]/g, '.')) }).click();
  await expect(page.getByText(`変更後の住所：${moved}`)).toBeVisible();
  await expect(page.getByText(/同意していない項目（生年月日）/)).toBeVisible();
  await expectGoodPage(page);

  // After cancelling, the next change does not reach the licence.
  await cancelConsent(page);
  await processApplications(page);
  const response = await page.request.post('/api/demo/jlis-change', {
    data: { person: 'taro', address: '北海道札幌市中央区北一条西二丁目1番地' },
  });
  expect(response.status()).toBe(202);
  await processApplications(page);
  await license.goto();
  await expect(license.field('住所')).toHaveText(moved);
  await page.goto('/notices');
  await expect(noticeItems(page).filter({ hasText: CHANGE_NOTICE })).toHaveCount(1);
});

test('「同意の有効期限の接近について」 arrives from the clock, three months before 令和15年4月1日', async ({ page }) => {
  await loginAs(page, 'taro');
  await setClock(page, '2033-01-15T10:00:00+09:00');
  await page.goto('/notices');
  await expect(noticeItems(page).filter({ hasText: EXPIRY_NOTICE })).toHaveCount(1);
  await page.getByRole('link', { name: new RegExp(EXPIRY_NOTICE) }).click();
  await expect(page.getByText(/令和15年4月1日/)).toBeVisible();
  await expect(page.getByRole('link', { name: '基本情報の自動変更へ' })).toHaveAttribute('href', '/license/onestop');
  await expectGoodPage(page);
});
