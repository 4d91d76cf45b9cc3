import { expect, test, type Page } from '../fixtures/test';
import {
  CardReadScreen,
  LicensePage,
  PIN_DIALOG,
  PinDialog,
  cardLogin,
  expectGoodPage,
  loginAs,
  isVerifyWithPin,
  openAuthDialog,
  resetDemo,
  tabTo,
  waitForCardRead,
  watchApdus,
  watchRequests,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// SPEC §4.1, §4.8, §5: login with the card (利用者証明用電子証明書) against the demo
// person's virtual card through the remote reader.

const TARO = '免許 太郎';
const WRONG_TWO_LEFT = 'パスワードが違います。あと2回間違えるとロックされます。';
const LAST_TRY = '次に間違えるとロックされます';
const FORMAT_RULE = 'パスワードは数字4桁で入力してください。';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** One full attempt: PIN → 「読み取り開始」. */
async function attempt(page: Page, dialog: PinDialog, pin: string): Promise<void> {
  await dialog.submit(pin);
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  await card.read();
}

test('card login as 免許 太郎: PIN dialog, card-read screen, then /license', async ({ page }) => {
  const logins = watchRequests(page, '/api/login/card');
  await page.goto('/license');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole('button', { name: TARO, exact: true }).click();

  const dialog = new PinDialog(page, PIN_DIALOG.auth);
  await expect(dialog.dialog).toBeVisible();
  await expect(dialog.dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.input).toBeFocused();
  await expect(dialog.input).toHaveAttribute('inputmode', 'numeric');
  await expect(dialog.input).toHaveAttribute('autocomplete', 'off');
  await expect(dialog.input).toHaveAttribute('maxlength', '4');
  await expect(dialog.dialog.getByText('数字4桁', { exact: true })).toBeVisible();
  await expect(dialog.dialog.getByText('利用者証明用電子証明書のパスワードとは')).toBeVisible();
  await expectGoodPage(page);

  await dialog.input.fill('1234');
  await dialog.next.click();

  const card = new CardReadScreen(page);
  await expect(card.heading).toBeFocused();
  await expect(page).toHaveURL(/step=card/);
  await expect(page.getByText('マイナンバーカードをスマートフォンの背面上部に重ねてから、「読み取り開始」を押してください。')).toBeVisible();
  await expect(page.getByRole('img', { name: /マイナンバーカードを重ねた図/ })).toBeVisible();
  await expect(card.back).toBeVisible();
  await expect(card.help).toBeVisible();
  await expect(card.howTo).toBeVisible();
  await expectGoodPage(page);

  await card.read();

  await expect(page).toHaveURL(/\/license$/);
  const license = new LicensePage(page);
  await license.expectRecord('運転免許', TARO);
  expect(logins).toHaveLength(1);
  const session = await page.request.get('/api/session');
  expect((await session.json()).person).toBe('taro');
});

test('a 3-digit PIN is refused inline, before any card access', async ({ page }) => {
  const apdus = watchApdus(page);
  const dialog = await openAuthDialog(page);

  await dialog.submit('123');

  const error = dialog.dialog.getByText(FORMAT_RULE);
  await expect(error).toBeVisible();
  await expect(dialog.input).toBeFocused();
  await expect(dialog.input).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await dialog.input.getAttribute('aria-describedby')) ?? '';
  const errorId = await error.getAttribute('id');
  expect(describedBy.split(' ')).toContain(errorId);
  await expect(page).not.toHaveURL(/step=card/);
  await expectGoodPage(page);
  expect(apdus, 'no APDU for a malformed PIN').toHaveLength(0);
});

test('9999 shows the 2 tries the card reports, and a correct PIN then logs in', async ({ page }) => {
  const dialog = await openAuthDialog(page);

  await attempt(page, dialog, '9999');

  await expect(dialog.dialog).toBeVisible();
  await expect(dialog.dialog.getByText(WRONG_TWO_LEFT)).toBeVisible();
  await expect(dialog.input).toBeFocused();
  await expect(dialog.input).toHaveValue('');
  await expect(page).not.toHaveURL(/step=card/);
  await expectGoodPage(page);

  await attempt(page, dialog, '1234');
  await expect(page).toHaveURL(/\/license$/);
  await new LicensePage(page).expectRecord('運転免許', TARO);
});

test('three wrong PINs lock the card: what to do, no 「次へ」, and no VERIFY ever again', async ({ page }) => {
  const dialog = await openAuthDialog(page);
  await attempt(page, dialog, '9999');
  await expect(dialog.dialog.getByText(WRONG_TWO_LEFT)).toBeVisible();
  await attempt(page, dialog, '0000');
  await expect(dialog.dialog.getByRole('alert').filter({ hasText: LAST_TRY })).toBeVisible();
  await attempt(page, dialog, '9999');

  await expect(dialog.dialog.getByText('パスワードがロックされています', { exact: true })).toBeVisible();
  await expect(dialog.dialog.getByText(/ロックされています。解除するには、住民票がある自治体窓口/)).toBeVisible();
  await expect(dialog.next).toHaveCount(0);
  await expect(dialog.input).toHaveCount(0);
  await expectGoodPage(page);

  // Esc closes it and focus goes back to the person's button.
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: TARO, exact: true })).toBeFocused();

  // A fresh page knows nothing of the lock; the card does, and the client asks it first.
  await page.reload();
  const apdus = watchApdus(page);
  await page.getByRole('button', { name: TARO, exact: true }).click();
  await attempt(page, dialog, '1234');
  await expect(dialog.dialog.getByText('パスワードがロックされています', { exact: true })).toBeVisible();
  await expect(dialog.next).toHaveCount(0);
  expect(apdus.length, 'the tries query was sent').toBeGreaterThan(0);
  expect(apdus.filter(isVerifyWithPin), 'no VERIFY with a PIN once locked').toHaveLength(0);
  const session = await page.request.get('/api/session');
  expect(session.status()).toBe(401);
});

test('full-width １２３４ is accepted (sent to the card as 1234)', async ({ page }) => {
  const apdus = watchApdus(page);
  const dialog = await openAuthDialog(page);

  await attempt(page, dialog, '１２３４');

  await expect(page).toHaveURL(/\/license$/);
  await new LicensePage(page).expectRecord('運転免許', TARO);
  const verifies = apdus.filter(isVerifyWithPin);
  expect(verifies).toHaveLength(1);
  expect(verifies[0].subarray(5).toString('latin1')).toBe('1234');
});

test('keyboard only: Tab, Enter and Space log in', async ({ page }) => {
  await page.goto('/login');
  const person = page.getByRole('button', { name: TARO, exact: true });
  await expect(person).toBeVisible();
  await tabTo(page, person, TARO);
  await page.keyboard.press('Enter');

  const dialog = new PinDialog(page, PIN_DIALOG.auth);
  await expect(dialog.input).toBeFocused();
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');

  const card = new CardReadScreen(page);
  await expect(card.heading).toBeFocused();
  await tabTo(page, card.start, '読み取り開始');
  await page.keyboard.press('Space');
  await waitForCardRead(page);

  await expect(page).toHaveURL(/\/license$/);
  await new LicensePage(page).expectRecord('運転免許', TARO);
});

test('the PIN dialog keeps focus inside, and × closes it back to the opener', async ({ page }) => {
  const dialog = await openAuthDialog(page);
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await dialog.close.click();
  await expect(dialog.dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: TARO, exact: true })).toBeFocused();
});

test('「← パスワードの入力」 and the back button return to the PIN dialog; a reload starts over', async ({ page }) => {
  const dialog = await openAuthDialog(page);
  await dialog.submit('1234');
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();

  await card.back.click();
  await expect(dialog.dialog).toBeVisible();
  await expect(dialog.input).toBeFocused();
  await expect(page).not.toHaveURL(/step=card/);

  await dialog.submit('1234');
  await expect(card.heading).toBeVisible();
  await page.goBack();
  await expect(dialog.dialog).toBeVisible();

  await dialog.submit('1234');
  await expect(card.heading).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログイン');
  await expect(page.getByText(/はじめからやり直してください/)).toBeVisible();
  await expect(page).not.toHaveURL(/step=card/);
});

test('while reading, a progress bar moves and says not to move the card', async ({ page }) => {
  // Slow the virtual card down so the reading state can be seen.
  await page.route('**/api/card/apdu', async (route) => {
    await new Promise((r) => setTimeout(r, 150));
    await route.continue();
  });
  const dialog = await openAuthDialog(page);
  await dialog.submit('1234');
  await new CardReadScreen(page).start.click();

  const progress = page.getByRole('progressbar', { name: '読み取りの進み具合' });
  await expect(progress).toBeVisible();
  await expect(page.getByText('カードを動かさないでください', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'カードを読み取っています' })).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(0);
  await expectGoodPage(page);

  await waitForCardRead(page);
  await expect(page).toHaveURL(/\/license$/);
});

test('the cardLogin fixture logs a person in', async ({ page }) => {
  await cardLogin(page, 'ume');
  await new LicensePage(page).expectRecord('運転経歴情報', '経歴 梅子');
});

test('card login while someone else is logged in switches to the chosen person', async ({ page }) => {
  await loginAs(page, 'hanako');
  await cardLogin(page, 'taro');
  await new LicensePage(page).expectRecord('運転免許', TARO);
});

// `next` that a browser would turn into another site: a tab or a newline is dropped from
// URLs, and `\` is read as `/`, so each of these is `//evil.example` to the browser.
for (const next of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '//evil.example']) {
  test(`after login, next=${JSON.stringify(next)} stays on the site (/license)`, async ({ page, baseURL }) => {
    await cardLogin(page, 'taro', '1234', next);
    await expect(page).toHaveURL(`${baseURL}/license`);
    await expect(page.getByRole('heading', { level: 1, name: '運転免許' })).toBeVisible();
  });
}

test('紛失 かえで, whose card was reported lost, is refused at login with that reason and where to read on', async ({
  page,
}) => {
  const logins = watchRequests(page, '/api/login/card');
  await page.goto('/login');
  await page.getByRole('button', { name: '紛失 かえで', exact: true }).click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  // The card is read; the server refuses it, and the card-read screen says why.
  await card.start.click();
  const refusal = page.getByText(/電子証明書が失効しています（理由：紛失の届出によるカードの一時利用停止）/);
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('マイナンバーカードを紛失したとき');
  await expect(page).toHaveURL(/\/login/);
  expect(logins.length, 'the card was read and the server refused it').toBe(1);
  const session = await page.request.get('/api/session');
  expect(session.status(), 'no session was made').toBe(401);
  await expectGoodPage(page);

  // The guidance is open to anyone, and the licence page and the FAQ lead to it.
  await page.goto('/license/link/help/faq');
  await page.getByRole('link', { name: 'マイナンバーカードを紛失したとき' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('マイナンバーカードを紛失したとき');
  await expect(page.getByRole('main')).toContainText('一時利用停止');
  await expect(page.getByRole('main')).toContainText('あらためて連携してください');
  await expectGoodPage(page);
  await loginAs(page, 'taro');
  await page.goto('/license');
  await expect(page.getByRole('link', { name: 'マイナンバーカードを紛失したとき' })).toHaveAttribute(
    'href',
    '/license/link/help/lost-card',
  );
});

test('a PIN can be pasted from the clipboard, as a password manager does (3.3.8)', async ({ page, context }) => {
  // WCAG 3.3.8: a cognitive test (remembering and retyping the PIN) must not be the only way;
  // pasting it from a password manager must work. Nothing in the dialog may block paste.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const dialog = await openAuthDialog(page);
  await page.evaluate(() => navigator.clipboard.writeText('1234'));
  await dialog.input.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(dialog.input).toHaveValue('1234');
  await dialog.next.click();
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  await card.read();
  await expect(page).toHaveURL(/\/license$/);
});
