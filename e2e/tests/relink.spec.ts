import { expect, test } from '../fixtures/test';
import { LINK_HEADINGS, LicensePage, LinkFlow, expectGoodPage, isLinked, loginAs, resetDemo } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where the notice's long sentence wraps
// most; the Pixel 7 run walks the same screens in a second real layout.

// Linking again (manual 2章①-1 補足, issue 30): 再取得 蓮 linked a licence that then lapsed
// (失効) and acquired a new one. His link still names the lapsed licence, so the server shows
// no record: the licence page says why, and its 「連携をはじめる」 is the link flow again; the
// new link replaces the old one (no unlink first) and the page shows the new licence.

const LAPSED = '第901234567800号';
const NEW_NUMBER = '第901234567891号';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('再取得 蓮 sees why his link no longer shows a licence, links again and sees the new licence', async ({ page }) => {
  await loginAs(page, 'ren');
  const license = new LicensePage(page);
  await license.goto();
  await expect(license.heading).toHaveText('運転免許');

  // The message, in the region of the link's state.
  const linkState = page.getByRole('region', { name: 'マイナ免許証との連携', exact: true });
  const notice = linkState.getByText('失効し又は取り消されたため');
  await expect(notice).toContainText(LAPSED);
  await expect(notice).toContainText('「連携をはじめる」から、再度、マイナポータルとマイナ免許証の連携を行ってください');
  await expect(notice).toContainText('先に連携を解除する必要はありません');
  // Nothing of either licence is shown as current: no record, no number of the new one.
  await expect(page.locator('dl.record')).toHaveCount(0);
  await expect(page.getByText(NEW_NUMBER)).toHaveCount(0);
  await expect(license.unlinkLink).toHaveCount(0);
  expect(await isLinked(page)).toBe(false);
  await expectGoodPage(page);

  // 「連携をはじめる」 is step 2 of the ordinary flow; steps 3–11 as for a first link.
  await linkState.getByRole('link', { name: '連携をはじめる', exact: true }).click();
  const link = new LinkFlow(page);
  await link.expectStep(/\/license\/link$/, LINK_HEADINGS.intro);
  await link.toSend();
  await link.readCardInfo();
  await expect(page.getByText('再取得 蓮', { exact: true })).toBeVisible();
  await link.sendAttributes();
  await link.agreeToTerms();
  await link.sign();
  await expect(page.getByText('マイナポータルとマイナ免許証の連携が完了しました。')).toBeVisible();
  expect(await isLinked(page)).toBe(true);

  // The licence page now shows the licence he holds, and no notice.
  await page.getByRole('link', { name: '運転免許（運転経歴情報）ページへ' }).click();
  await expect(page).toHaveURL(/\/license$/);
  await license.expectRecord('運転免許', '再取得 蓮');
  await expect(license.field('免許情報記録番号')).toHaveText(NEW_NUMBER);
  await expect(license.field('色区分')).toHaveText('初回（グリーン）');
  await expect(license.field('色区分').locator('.color-dot')).toHaveClass('color-dot color-dot--green');
  await expect(page.getByText('失効し又は取り消された')).toHaveCount(0);
  await expect(page.getByText(LAPSED)).toHaveCount(0);
  await expect(license.unlinkLink).toBeVisible();

  // The same after a reload (the server's painted page, not the SPA's memory).
  await license.goto();
  await expect(license.field('免許情報記録番号')).toHaveText(NEW_NUMBER);
  await expectGoodPage(page);
});
