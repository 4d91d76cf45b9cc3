import { expect, test, type Page } from '../fixtures/test';
import {
  CardReadScreen,
  LINK_HEADINGS,
  LinkFlow,
  PIN_DIALOG,
  PinDialog,
  expectAccessible,
  expectGoodPage,
  expectNoHorizontalScroll,
  isVerifyWithPin,
  openAuthDialog,
  loginAs,
  resetDemo,
  waitForCardRead,
  watchApdus,
} from '../fixtures';

// Viewports: both: the header, PIN entry, step captions, dark mode and 200 % text are layout, and
// the two phones wrap and place them differently (the Pixel 7's taller screen puts 「次へ」 above the
// keyboard at another height).

// What a person on a phone meets (the design review's points): who is logged in and
// 「ログアウト」, safe PIN entry (show the password, a distinct last-try warning, 「やめる」,
// 「次へ」 above the keyboard), the step caption on every step, dark mode, 200 % text.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

const header = (page: Page) => page.getByRole('banner');

test('the header says who is logged in, and 「ログアウト」 ends the session on the server', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(header(page).getByText('免許 太郎 さん', { exact: true })).toBeVisible();
  await expect(header(page).getByRole('link', { name: /お知らせ/ })).toBeVisible();
  await expectGoodPage(page);

  await header(page).getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(header(page).getByRole('link', { name: 'ログイン', exact: true })).toBeVisible();
  await expect(header(page).locator('a[href="/notices"]')).toBeHidden();
  expect((await page.request.get('/api/session')).status(), 'GET /api/session after logout').toBe(401);

  // The licence page now asks for a login rather than showing the record.
  await page.goto('/license');
  await expect(page).toHaveURL(/\/login/);
});

async function wrongAttempt(page: Page, dialog: PinDialog, pin: string): Promise<void> {
  await dialog.submit(pin);
  await new CardReadScreen(page).read();
  await expect(dialog.dialog).toBeVisible();
}

test('「パスワードを表示する」 shows and hides what was typed; no placeholder repeats the hint', async ({ page }) => {
  const dialog = await openAuthDialog(page);
  await expect(dialog.input).toHaveAttribute('type', 'password');
  await expect(dialog.input).not.toHaveAttribute('placeholder', /./);
  await dialog.input.fill('1234');
  const show = dialog.dialog.getByRole('checkbox', { name: 'パスワードを表示する' });
  await show.check();
  await expect(dialog.input).toHaveAttribute('type', 'text');
  await expect(dialog.input).toHaveValue('1234');
  await expectAccessible(page);
  await show.uncheck();
  await expect(dialog.input).toHaveAttribute('type', 'password');
});

test('one try left: a distinct warning, and 「やめる」 leaves without using the try', async ({ page }) => {
  const dialog = await openAuthDialog(page);
  await wrongAttempt(page, dialog, '9999');
  await expect(dialog.dialog.getByText('あと2回', { exact: false })).toBeVisible();
  await expect(dialog.dialog.getByText('次に間違えるとロックされます')).toHaveCount(0);

  await wrongAttempt(page, dialog, '0000');
  const warning = dialog.dialog.getByRole('alert').filter({ hasText: '次に間違えるとロックされます' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('あと1回');
  await expect(warning).toContainText('市区町村の窓口');
  await expectGoodPage(page);

  const apdus = watchApdus(page);
  await dialog.dialog.getByRole('button', { name: 'やめる', exact: true }).click();
  await expect(dialog.dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '入力できる回数は減っていません' })).toBeVisible();
  // Focus goes back to the person's button, as with × and Esc.
  await expect(page.getByRole('button', { name: '免許 太郎', exact: true })).toBeFocused();
  expect(apdus.filter(isVerifyWithPin), 'no VERIFY was sent by 「やめる」').toHaveLength(0);

  // The card is not locked: the right password still logs in.
  await page.getByRole('button', { name: '免許 太郎', exact: true }).click();
  await dialog.submit('1234');
  await new CardReadScreen(page).read();
  await expect(page).toHaveURL(/\/license$/);
});

test('「次へ」 stays in view when the on-screen keyboard takes half of a 360 × 780 screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const dialog = await openAuthDialog(page);
  // The dialog puts the focus in the field, as the on-screen keyboard opens.
  await expect(dialog.input).toBeFocused();
  // The keyboard's height, as Chrome on Android resizes the page (interactive-widget).
  await page.setViewportSize({ width: 360, height: 420 });
  await expect(dialog.next).toBeInViewport();
  await expect(dialog.input).toBeInViewport();
});

test('every screen of the link flow says where it stands, the two reads say which they are', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const flow = new LinkFlow(page);
  // The manual's numbers (issue 30); manual-steps.spec.ts walks every numbered flow.
  const caption = (steps: string) => page.getByText(`手順 ${steps}`, { exact: true });
  const describedByCaption = async () => {
    const ids = (await flow.h1.getAttribute('aria-describedby')) ?? '';
    expect(ids.split(' ')).toContain('step-caption');
  };

  await flow.start();
  await expect(caption('2 / 11')).toBeVisible();
  await describedByCaption();
  await flow.linkButton.click();
  await flow.expectStep(/\/license\/link\/consent$/, LINK_HEADINGS.consent);
  await expect(caption('3 / 11')).toBeVisible();
  await flow.agreeNext.click();
  await flow.expectStep(/\/license\/link\/send$/, LINK_HEADINGS.send);
  await expect(caption('4〜5 / 11')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'カードは2回読み取ります' })).toBeVisible();
  await expectGoodPage(page);

  await flow.readCard.click();
  await flow.cardInfoPin.submit('1234');
  await expect(flow.card.heading).toBeVisible();
  await expect(caption('6 / 11')).toBeVisible();
  await expect(page.getByText('本人情報（氏名・住所・生年月日・性別）の読み取り', { exact: true })).toBeVisible();
  await expectGoodPage(page);
  await flow.card.read();
  await flow.expectStep(/\/license\/link\/read-result$/, LINK_HEADINGS.readResult);
  await expect(caption('7 / 11')).toBeVisible();

  await flow.sendAttributes();
  await expect(caption('8〜9 / 11')).toBeVisible();
  await flow.agreeToTerms();
  await flow.signingPin.submit('ABC123');
  await expect(flow.card.heading).toBeVisible();
  await expect(caption('10 / 11')).toBeVisible();
  await expect(page.getByText('電子署名（署名用電子証明書）の読み取り', { exact: true })).toBeVisible();
  await flow.card.read();
  await flow.expectStep(/\/license\/link\/done$/, LINK_HEADINGS.done);
  await expect(caption('11 / 11')).toBeVisible();
  await expect(page.getByRole('region', { name: /連携が完了しました/ })).toBeVisible();
  await expectGoodPage(page);
});

test('dark mode: the licence page, the notices and a PIN dialog pass axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
  await expectGoodPage(page);
  await page.goto('/notices');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectGoodPage(page);
  await page.goto('/license/onestop/start');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectGoodPage(page);

  await header(page).getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(header(page).getByRole('link', { name: 'ログイン', exact: true })).toBeVisible();
  await openAuthDialog(page);
  await expectGoodPage(page);
});

test('200 % text at 360 px: no horizontal scroll on the licence page, the link send step and a PIN dialog', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const bigText = () => page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await loginAs(page, 'ichiro');
  await page.goto('/license/link/send');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await bigText();
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'マイナンバーカードを読み取る' }).click();
  await expect(new PinDialog(page, PIN_DIALOG.cardInfo).dialog).toBeVisible();
  await expectNoHorizontalScroll(page);

  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await bigText();
  await expectNoHorizontalScroll(page);
});
