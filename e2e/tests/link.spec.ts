import { expect, test, type Page } from '../fixtures/test';
import {
  LINK_HEADINGS,
  LicensePage,
  LinkFlow,
  expectGoodPage,
  field,
  isLinked,
  loginAs,
  resetDemo,
  tabTo,
  waitForCardRead,
  watchApdus,
} from '../fixtures';

// Viewports: phone-360 only. What this spec checks (the flow's steps, answers, refusals, focus
// and keyboard) does not depend on the width, and no breakpoint lies between 360 and 412 px
// (the one at 40rem is wider than both). The layout at the second width is checked on the
// gallery's states instead, which cover every numbered step of the manual (a unit test holds it):
// gallery-scenes.spec.ts checks each at 360 and again at 412 px (no sideways scroll, no
// clipping), and pages.spec.ts opens every page on the Pixel 7 with axe.

// Manual 2章 ①-1 / SPEC §4.2: linking the portal with the マイナ免許証 in 11 steps, each its
// own URL; the refusals of 免許 健 and 未提出 雪; キャンセル on every step; the terms gate;
// keyboard only; axe on every screen (PIN dialogs open included).

const ICHIRO = {
  name: '免許 一郎',
  birth: '1979年06月15日',
  address: '福岡県福岡市博多区博多駅前一丁目6番9号',
  sex: '男',
};
const TRAIL = ['ホーム', '外部サイトとの連携', 'マイナ免許証との連携'];
const CURRENT = 'マイナ免許証とのアカウント連携';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

async function expectBreadcrumbs(page: Page, current: string, trail = TRAIL): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'パンくずリスト' });
  for (const label of trail) await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  await expect(nav.locator('[aria-current="page"]')).toHaveText(current);
}

async function expectStillUnlinkedOnLicense(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/license$/);
  const license = new LicensePage(page);
  await expect(license.startLinkingLink).toBeVisible();
  expect(await isLinked(page)).toBe(false);
}

/** Tab (never the mouse) until the locator's element has focus. */
test('免許 一郎 links through all 11 steps and then sees his licence', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);

  // 1 → 2
  await link.start();
  await expect(link.h1).toBeFocused();
  await expectBreadcrumbs(page, 'マイナ免許証との連携', ['ホーム', '外部サイトとの連携']);
  await expect(page.getByText('未連携', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '連携によってできること' })).toBeVisible();
  const integration = page.getByRole('link', { name: '一体化の手続きについて' });
  await expect(integration).toHaveAttribute('href', '/license/link/help/integration');
  await expectGoodPage(page);

  // 3
  await link.linkButton.click();
  await link.expectStep(/\/license\/link\/consent$/, LINK_HEADINGS.consent);
  await expect(link.h1).toBeFocused();
  await expectBreadcrumbs(page, CURRENT);
  await expect(link.cancel).toBeVisible();
  await expectGoodPage(page);

  // 4
  await link.agreeNext.click();
  await link.expectStep(/\/license\/link\/send$/, LINK_HEADINGS.send);
  await expect(link.h1).toBeFocused();
  await expectGoodPage(page);

  // 5: the card-info PIN dialog
  await link.readCard.click();
  await expect(link.cardInfoPin.dialog).toBeVisible();
  await expect(link.cardInfoPin.input).toBeFocused();
  await expect(link.cardInfoPin.input).toHaveAttribute('inputmode', 'numeric');
  await expectGoodPage(page);
  await link.cardInfoPin.input.fill('1234');
  await link.cardInfoPin.next.click();

  // 6: card read
  await expect(link.card.heading).toBeFocused();
  await expect(page).toHaveURL(/\/license\/link\/send\?step=card$/);
  await expectGoodPage(page);
  await link.card.read();

  // 7: what was read
  await link.expectStep(/\/license\/link\/read-result$/, LINK_HEADINGS.readResult);
  await expect(link.h1).toBeFocused();
  await expect(page.getByRole('heading', { name: '読み取った情報' })).toBeVisible();
  await expect(field(page, '氏名')).toHaveText(ICHIRO.name);
  await expect(field(page, '生年月日')).toHaveText(ICHIRO.birth);
  await expect(field(page, '住所')).toHaveText(ICHIRO.address);
  await expect(field(page, '性別')).toHaveText(ICHIRO.sex);
  await expect(page.getByRole('link', { name: '上記内容に誤りがある' })).toBeVisible();
  await expectGoodPage(page);

  // 8: terms
  await link.send.click();
  await link.expectStep(/\/license\/link\/terms$/, LINK_HEADINGS.terms);
  await expect(link.h1).toBeFocused();
  await expect(page.getByRole('heading', { name: '属性連携同意' })).toBeVisible();
  await expect(
    page.getByText('内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください'),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'よくある質問(FAQ)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'マニュアルダウンロード' })).toBeVisible();
  await expectBreadcrumbs(page, CURRENT);
  await expectGoodPage(page);

  // 9: the signing PIN dialog
  await link.agreeToTerms();
  await expect(link.signingPin.input).toBeFocused();
  await expectGoodPage(page);
  await link.signingPin.input.fill('abc123'); // lower case is upper-cased
  await link.signingPin.next.click();

  // 10: card read
  await expect(link.card.heading).toBeFocused();
  await expect(page).toHaveURL(/\/license\/link\/terms\?step=card$/);
  await expectGoodPage(page);
  await link.card.read();

  // 11: done
  await link.expectStep(/\/license\/link\/done$/, LINK_HEADINGS.done);
  await expect(link.h1).toBeFocused();
  await expectGoodPage(page);
  expect(await isLinked(page)).toBe(true);
  await expect(page.getByRole('link', { name: '運転免許（運転経歴情報）ページへ' })).toHaveAttribute('href', '/license');

  // The back button does not reopen the finished steps: step 2 says he is linked.
  await page.goBack();
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);
  await expect(page.getByText('連携済', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: '運転免許（運転経歴情報）ページへ' }).click();
  await expect(page).toHaveURL(/\/license$/);
  await new LicensePage(page).expectRecord('運転免許', ICHIRO.name);
});

test('免許 健 (運転免許証のみ) sees why he cannot link, and 「送信」 is refused', async ({ page }) => {
  await loginAs(page, 'ken');
  const link = new LinkFlow(page);
  await page.goto('/license/link');
  await expect(link.h1).toHaveText(LINK_HEADINGS.intro);
  await expect(page.getByText('未連携', { exact: true })).toBeVisible();
  await expect(page.getByText(/保有状況が「運転免許証のみ」のため/)).toBeVisible();
  await expect(page.getByText(/運転免許センター等で/).first()).toBeVisible();
  await expect(link.linkButton).toHaveCount(0);
  await expectGoodPage(page);

  // Straight to the card step by URL: the server still refuses, with what to do.
  await page.goto('/license/link/send');
  await expect(link.h1).toHaveText(LINK_HEADINGS.send);
  await link.readCardInfo();
  await expect(field(page, '氏名')).toHaveText('免許 健');
  await link.send.click();
  await expect(link.alert).toContainText('現在の免許保有状況では、マイナポータルとマイナ免許証を連携できません。');
  await expect(link.alert).toContainText('運転免許センター等');
  await expect(page).toHaveURL(/\/license\/link\/read-result$/);
  await expectGoodPage(page);

  await link.cancel.click();
  await expect(page).toHaveURL(/\/license$/);
  expect(await isLinked(page)).toBe(false);
});

test('未提出 雪 is refused at 「送信」: the signing certificate has not been submitted', async ({ page }) => {
  await loginAs(page, 'yuki');
  const link = new LinkFlow(page);
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  await expect(field(page, '氏名')).toHaveText('未提出 雪');
  await expect(field(page, '性別')).toHaveText('女');

  await link.send.click();
  await expect(link.alert).toContainText('署名用電子証明書がまだ提出されていないため、連携できません。');
  await expect(link.alert).toContainText('窓口でマイナンバーカードの署名用電子証明書を提出');
  await expect(page).toHaveURL(/\/license\/link\/read-result$/);
  await expectGoodPage(page);

  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);
});

test('「キャンセル」 on every step returns to /license and leaves him unlinked', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);

  // Step 2
  await link.start();
  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);

  // Step 3
  await link.start();
  await link.linkButton.click();
  await link.expectStep(/\/consent$/, LINK_HEADINGS.consent);
  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);

  // Step 4 (and after closing the PIN dialog with ×)
  await link.start();
  await link.toSend();
  await link.readCard.click();
  await link.cardInfoPin.close.click();
  await expect(link.cardInfoPin.dialog).toHaveCount(0);
  await expect(link.readCard).toBeFocused();
  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);

  // Step 7
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);

  // Step 8 (and after closing the signing PIN dialog with Esc)
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  await link.sendAttributes();
  await link.agreeToTerms();
  await page.keyboard.press('Escape');
  await expect(link.signingPin.dialog).toHaveCount(0);
  await expect(link.agree).toBeFocused();
  await link.cancel.click();
  await expectStillUnlinkedOnLicense(page);

  // What was read is gone: the later steps by URL start over.
  await page.goto('/license/link/terms');
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);
});

test('the terms checkbox enables only once the box is scrolled to its end; 「同意する」 only when checked', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  await link.sendAttributes();

  await link.termsLoaded();
  await expect(link.termsBox).toHaveAttribute('tabindex', '0');
  const scrollable = await link.termsBox.evaluate((el) => el.scrollHeight > el.clientHeight + 4);
  expect(scrollable, 'the terms are long enough to scroll on a phone').toBe(true);
  await expect(link.termsCheck).toBeDisabled();
  await expect(link.agree).toBeDisabled();

  // Half way is not the end. The gate listens to the box's scroll events; ours, added after
  // the app's, resolves once the app's handler has seen this scroll, so the check below is
  // about the handled scroll, not about how long we waited.
  await link.termsBox.evaluate(
    (el) =>
      new Promise<void>((handled) => {
        el.addEventListener('scroll', () => setTimeout(handled, 0), { once: true });
        el.scrollTo({ top: el.scrollHeight / 2 });
      }),
  );
  expect(await link.termsCheck.isDisabled(), 'half way down the terms, the checkbox stays disabled').toBe(true);

  await link.termsBox.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(link.termsCheck).toBeEnabled();
  await expect(page.getByRole('status').filter({ hasText: '利用規約を最後まで確認しました。' })).toHaveCount(1);
  await expect(link.agree).toBeDisabled();
  await expectGoodPage(page);

  await link.termsCheck.check();
  await expect(link.agree).toBeEnabled();
  await link.termsCheck.uncheck();
  await expect(link.agree).toBeDisabled();
});

test('keyboard only: Tab, Enter and Space link 免許 一郎', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  const license = new LicensePage(page);
  await license.goto();
  await tabTo(page, license.startLinkingLink, '連携をはじめる');
  await page.keyboard.press('Enter');

  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);
  await expect(link.h1).toBeFocused();
  await tabTo(page, link.linkButton, '連携');
  await page.keyboard.press('Enter');

  await link.expectStep(/\/consent$/, LINK_HEADINGS.consent);
  await expect(link.h1).toBeFocused();
  await tabTo(page, link.agreeNext, '同意して次へ');
  await page.keyboard.press('Space');

  await link.expectStep(/\/send$/, LINK_HEADINGS.send);
  await expect(link.h1).toBeFocused();
  await tabTo(page, link.readCard, 'マイナンバーカードを読み取る');
  await page.keyboard.press('Enter');
  await expect(link.cardInfoPin.input).toBeFocused();
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');
  await expect(link.card.heading).toBeFocused();
  await tabTo(page, link.card.start, '読み取り開始');
  await page.keyboard.press('Space');
  await waitForCardRead(page);

  await link.expectStep(/\/read-result$/, LINK_HEADINGS.readResult);
  await expect(link.h1).toBeFocused();
  await tabTo(page, link.send, '送信');
  await page.keyboard.press('Enter');

  await link.expectStep(/\/terms$/, LINK_HEADINGS.terms);
  await expect(link.h1).toBeFocused();
  await link.termsLoaded();
  await tabTo(page, link.termsBox, 'the terms box');
  await expect(link.termsCheck).toBeDisabled();
  await page.keyboard.press('End');
  await expect(link.termsCheck).toBeEnabled();
  await tabTo(page, link.termsCheck, '利用規約を確認しました。');
  await page.keyboard.press('Space');
  await expect(link.termsCheck).toBeChecked();
  await tabTo(page, link.agree, '同意する');
  await page.keyboard.press('Enter');
  await expect(link.signingPin.input).toBeFocused();
  await page.keyboard.type('ABC123');
  await page.keyboard.press('Enter');
  await expect(link.card.heading).toBeFocused();
  await tabTo(page, link.card.start, '読み取り開始');
  await page.keyboard.press('Enter');
  await waitForCardRead(page);

  await link.expectStep(/\/done$/, LINK_HEADINGS.done);
  await expect(link.h1).toBeFocused();
  const toLicense = page.getByRole('link', { name: '運転免許（運転経歴情報）ページへ' });
  await tabTo(page, toLicense, '運転免許（運転経歴情報）ページへ');
  await page.keyboard.press('Enter');
  await license.expectRecord('運転免許', ICHIRO.name);
});

test('a reload after the card read keeps the read-result and terms steps, with no second card read', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();
  await link.toSend();
  await link.readCardInfo();
  const apdus = watchApdus(page);

  // The read result survives a reload (and a tab the phone discarded): the server kept it.
  await page.reload();
  await link.expectStep(/\/license\/link\/read-result$/, LINK_HEADINGS.readResult);
  await expect(page.getByRole('main').getByText(ICHIRO.name)).toBeVisible();
  await expectGoodPage(page);
  await link.sendAttributes();

  // So does the terms step; back goes one step back, forward again.
  await page.reload();
  await link.expectStep(/\/license\/link\/terms$/, LINK_HEADINGS.terms);
  await page.goBack();
  await link.expectStep(/\/license\/link\/read-result$/, LINK_HEADINGS.readResult);
  await page.goForward();
  await link.expectStep(/\/license\/link\/terms$/, LINK_HEADINGS.terms);
  expect(apdus, 'no card read since the first').toHaveLength(0);
  await link.agreeToTerms();
  await link.sign();
  expect(await isLinked(page)).toBe(true);
});

test('a step that needs a card read not made returns to the first step with a message, never a blank page', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await page.goto('/license/link/terms');
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);
  await expect(page.getByText(/はじめから手続きしてください/)).toBeVisible();
  await expect(link.linkButton).toBeVisible();
  await expectGoodPage(page);
  await page.goto('/license/link/read-result');
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);

  // Stateless steps keep their place.
  await page.goto('/license/link/consent');
  await page.reload();
  await link.expectStep(/\/license\/link\/consent$/, LINK_HEADINGS.consent);
  expect(await isLinked(page)).toBe(false);
});

test('「上記内容に誤りがある」 explains what to do; the help links open our own pages and back keeps the flow', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();

  await page.getByRole('link', { name: '一体化の手続きについて' }).click();
  await expect(page).toHaveURL(/\/license\/link\/help\/integration$/);
  await expect(link.h1).toHaveText('一体化の手続きについて');
  await expect(link.h1).toBeFocused();
  await expectGoodPage(page);
  await page.getByRole('button', { name: '戻る', exact: true }).click();
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);

  await link.toSend();
  await link.readCardInfo();
  const wrong = page.getByRole('link', { name: '上記内容に誤りがある' });
  await expect(wrong).toHaveAttribute('aria-expanded', 'false');
  await wrong.click();
  await expect(wrong).toHaveAttribute('aria-expanded', 'true');
  const explanation = page.getByRole('heading', { name: '読み取った情報に誤りがあるときは' });
  await expect(explanation).toBeFocused();
  await expect(page.getByText(/住民票がある市区町村の窓口で、マイナンバーカードの記載事項の変更/)).toBeVisible();
  await expect(page).toHaveURL(/\/license\/link\/read-result$/);
  await expectGoodPage(page);

  await link.sendAttributes();
  for (const [name, url, h1] of [
    ['よくある質問(FAQ)', /\/license\/link\/help\/faq$/, 'よくある質問(FAQ)'],
    ['マニュアルダウンロード', /\/license\/link\/help\/manual$/, 'マニュアル（マイナ免許証との連携）'],
  ] as const) {
    await page.getByRole('link', { name }).click();
    await expect(page).toHaveURL(url);
    await expect(link.h1).toHaveText(h1);
    await expectGoodPage(page);
    await page.goBack();
    // Still on the terms step: what was read is kept while inside the flow.
    await link.expectStep(/\/license\/link\/terms$/, LINK_HEADINGS.terms);
  }
});

test('an already linked person sees that on /license/link, with the way to the licence', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/link');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LINK_HEADINGS.intro);
  await expect(page.getByText('連携済', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '連携', exact: true })).toHaveCount(0);
  await expectGoodPage(page);
  await page.getByRole('link', { name: '運転免許（運転経歴情報）ページへ' }).click();
  await new LicensePage(page).expectRecord('運転免許', '免許 太郎');
});

test('the done page reached by URL without linking does not claim success', async ({ page }) => {
  await loginAs(page, 'ichiro');
  await page.goto('/license/link/done');
  await expect(page.getByRole('alert')).toContainText('まだ完了していません');
  await expect(page.getByRole('heading', { name: LINK_HEADINGS.done })).toHaveCount(0);
  await expectGoodPage(page);
});

test('a wrong signing PIN returns to its dialog with the tries, and the terms stay read and checked', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);
  await link.start();
  await link.linkButton.click();
  await link.agreeNext.click();
  await link.readCardInfo();
  await link.sendAttributes();
  await link.agreeToTerms();

  // A wrong (well-formed) signing PIN: the card says so at 「読み取り開始」.
  await link.signingPin.submit('WRONG1');
  await expect(link.card.heading).toBeVisible();
  await link.card.read();
  await expect(link.signingPin.dialog).toBeVisible();
  await expect(link.signingPin.dialog.getByText('パスワードが違います。あと4回間違えるとロックされます。')).toBeVisible();

  // Closing the dialog: the terms have not been forgotten.
  await link.signingPin.close.click();
  await expect(link.termsCheck).toBeChecked();
  await expect(link.agree).toBeEnabled();

  // 「同意する」 again, the right PIN, linked.
  await link.agree.click();
  await link.sign();
  expect(await isLinked(page)).toBe(true);
});
