import { expect, test, type Page } from '../fixtures/test';
import {
  CARD_READ_TIMEOUT,
  CardReadScreen,
  LinkFlow,
  PIN_DIALOG,
  PinDialog,
  expectGoodPage,
  isVerifyWithPin,
  loginAs,
  resetDemo,
  waitForCardRead,
  watchApdus,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// The card paths no flow test walks (SPEC §4.8): a PIN locked by wrong tries inside a flow,
// what the person is told, that the card stays locked for the next flow until the demo
// reset, and a card taken away mid-read (the /demo reader control) then 「再読み取り」.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** A wrong PIN through the dialog and the card read, back to the dialog. */
async function wrongTry(page: Page, dialog: PinDialog, pin: string): Promise<void> {
  await dialog.submit(pin);
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  await card.read();
  await expect(dialog.dialog).toBeVisible();
}

async function expectLocked(page: Page, dialog: PinDialog, what: RegExp): Promise<void> {
  await expect(dialog.dialog.getByText('パスワードがロックされています', { exact: true })).toBeVisible();
  await expect(dialog.dialog.getByText(what)).toBeVisible();
  await expect(dialog.input).toHaveCount(0);
  await expect(dialog.next).toHaveCount(0);
  await expectGoodPage(page);
}

/** taro on the one-stop cancel terms, agreed: the signing PIN dialog is open. */
async function cancelTermsAgreed(page: Page): Promise<void> {
  await page.goto('/license/onestop/cancel');
  const box = page.getByRole('region', { name: '利用規約' });
  await expect(box).toContainText('第1条');
  await box.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.getByRole('checkbox', { name: '利用規約を確認しました。' }).check();
  await page.getByRole('button', { name: '同意する', exact: true }).click();
}

test('card-info PIN locked at link step 5: what to do, and the card stays locked until the demo reset', async ({ page, request }) => {
  test.setTimeout(6 * CARD_READ_TIMEOUT);
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();
  await link.toSend();
  await link.readCard.click();
  const dialog = link.cardInfoPin;
  await wrongTry(page, dialog, '1111');
  await expect(dialog.dialog).toContainText('あと2回');
  await wrongTry(page, dialog, '2222');
  await expect(dialog.dialog).toContainText('あと1回');
  await wrongTry(page, dialog, '3333');
  await expectLocked(page, dialog, /券面事項入力補助用のパスワードがロックされています。解除するには、住民票がある自治体窓口/);

  // The next attempt (a fresh page) finds the card locked: no PIN is sent to it.
  await page.goto('/license/link/send');
  const apdus = watchApdus(page);
  await link.readCard.click();
  await dialog.submit('1234');
  await new CardReadScreen(page).read();
  await expectLocked(page, dialog, /住民票がある自治体窓口/);
  expect(apdus.filter(isVerifyWithPin)).toHaveLength(0);

  // The demo reset issues the card anew.
  await resetDemo(request);
  await loginAs(page, 'ichiro');
  await page.goto('/license/link/send');
  await link.readCardInfo();
});

test('signing PIN locked at link step 9 after five wrong tries', async ({ page }) => {
  test.setTimeout(8 * CARD_READ_TIMEOUT);
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  await link.sendAttributes();
  await link.agreeToTerms();
  const dialog = link.signingPin;
  for (const [pin, left] of [['WRONG1', 4], ['WRONG2', 3], ['WRONG3', 2], ['WRONG4', 1]] as const) {
    await wrongTry(page, dialog, pin);
    await expect(dialog.dialog).toContainText(`あと${left}回`);
  }
  await wrongTry(page, dialog, 'WRONG5');
  await expectLocked(page, dialog, /署名用電子証明書のパスワードがロックされています。初期化・再設定は、住民票がある自治体窓口又はコンビニエンスストア等のキオスク端末/);
});

test('signing PIN locked in one-stop, and the 本籍 change then finds the card locked too', async ({ page, request }) => {
  test.setTimeout(10 * CARD_READ_TIMEOUT);
  await loginAs(page, 'taro');
  await cancelTermsAgreed(page);
  const dialog = new PinDialog(page, PIN_DIALOG.signing);
  for (const pin of ['WRONG1', 'WRONG2', 'WRONG3', 'WRONG4', 'WRONG5']) await wrongTry(page, dialog, pin);
  await expectLocked(page, dialog, /ロックされています。初期化・再設定は/);
  expect((await (await page.request.get('/api/applications')).json()).length).toBe(0);

  // Another flow that signs: the same card, still locked.
  await page.request.post('/api/honseki/identity', {
    data: { name: '免許 太郎', address: '東京都港区芝浦四丁目5番6号', birth_date: '19960101', sex: '1' },
  });
  await page.request.post('/api/honseki/agreement');
  await page.goto('/license/honseki/sign');
  await page.getByRole('button', { name: '電子署名をはじめる', exact: true }).click();
  await dialog.submit('ABC123');
  await new CardReadScreen(page).read();
  await expectLocked(page, dialog, /ロックされています。初期化・再設定は/);

  await resetDemo(request);
  await loginAs(page, 'taro');
  await cancelTermsAgreed(page);
  await dialog.submit('ABC123');
  await new CardReadScreen(page).read();
  await expect(page).toHaveURL(/\/license\/onestop\/cancel\/done$/);
});

test('a card taken away mid-read (the /demo control) fails, submits nothing, and 「再読み取り」 reads it', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/demo');
  await page.getByLabel('カードの利用者').selectOption({ label: '免許 太郎' });
  await page.getByRole('button', { name: '次の読み取りの途中でカードを離す' }).click();
  await expect(page.getByRole('status')).toContainText('次の読み取りの途中で、カードが離れます');
  await expectGoodPage(page);

  await cancelTermsAgreed(page);
  await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
  const card = new CardReadScreen(page);
  await card.start.click();
  await expect(page.getByRole('status').filter({ hasText: 'カードが離れました' })).toBeVisible({ timeout: CARD_READ_TIMEOUT });
  await expect(page).toHaveURL(/step=card/);
  await expectGoodPage(page);
  expect((await (await page.request.get('/api/applications')).json()).length).toBe(0);

  await new CardReadScreen(page).retry.click();
  await waitForCardRead(page);
  await expect(page).toHaveURL(/\/license\/onestop\/cancel\/done$/);
  expect((await (await page.request.get('/api/applications')).json()).length).toBe(1);
});
