import { expect, test, type Page } from '../fixtures/test';
import { expectGoodPage, loginAs, noticeItems, resetDemo, setClock } from '../fixtures';

// Viewports: phone-360 only: the dates, notices and refusal checked here do not depend on the
// width; their screens are gallery states (laid out at 360 and 412 px in gallery-scenes.spec.ts).

// Issue 30, beyond the manual: the signing certificate's end (the demo cards': 2030-03-31)
// stops the one-stop service. 「連携状況」 shows each certificate's validity; notices come
// three months and one month before, saying what stops; a one-stop start that could not
// take effect before it is refused with the reason. Demo clock throughout.

const TITLE = '署名用電子証明書の有効期限の接近について';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** The person's card is issued (its certificates on record), as after any card read. */
async function issueCard(page: Page, person: string): Promise<void> {
  const r = await page.request.post('/api/demo/card-pin', { data: { person, pin: 'signing', tries_left: 5 } });
  expect(r.status(), 'POST /api/demo/card-pin').toBe(204);
}

test('「連携状況」 shows the validity of both certificates, and says when one has passed', async ({ page }) => {
  await loginAs(page, 'taro');
  await issueCard(page, 'taro');
  await page.goto('/connections');
  const certs = page.getByRole('region', { name: '電子証明書の有効期限' });
  await expect(certs.locator('.field', { hasText: '利用者証明用電子証明書' }).locator('dd')).toHaveText('2030年03月31日まで');
  await expect(certs.locator('.field', { hasText: '署名用電子証明書' }).locator('dd')).toHaveText('2030年03月31日まで');
  await expect(certs).toContainText('反映されなくなり');
  await expectGoodPage(page);

  await setClock(page, '2030-04-01T10:00:00+09:00');
  await page.reload();
  await expect(certs.locator('.field', { hasText: '署名用電子証明書' }).locator('dd')).toHaveText(
    '2030年03月31日まで（有効期限が切れています）',
  );
});

test('the expiry notice comes three months and again one month before, each once, saying what stops', async ({ page }) => {
  await loginAs(page, 'ume');
  await issueCard(page, 'ume');
  const expiryNotices = () => noticeItems(page).filter({ hasText: TITLE });

  await setClock(page, '2029-12-30T10:00:00+09:00');
  await page.goto('/notices');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('お知らせ');
  await expect(expiryNotices()).toHaveCount(0);

  await setClock(page, '2029-12-31T10:00:00+09:00');
  await setClock(page, '2030-01-20T10:00:00+09:00');
  await page.goto('/notices');
  await expect(expiryNotices()).toHaveCount(1);
  await page.getByRole('link', { name: new RegExp(TITLE) }).click();
  const main = page.getByRole('main');
  await expect(main).toContainText('有効期限は2030年03月31日です');
  await expect(main).toContainText('住所変更ワンストップサービス等による住所・氏名・生年月日の変更が運転免許（運転経歴）の情報に反映されなくなります');
  await expectGoodPage(page);

  await setClock(page, '2030-02-28T10:00:00+09:00');
  await page.goto('/notices');
  await expect(expiryNotices()).toHaveCount(2);
  // After the last day nothing more comes.
  await setClock(page, '2030-04-02T10:00:00+09:00');
  await page.goto('/notices');
  await expect(expiryNotices()).toHaveCount(2);
});

test('a one-stop start whose certificate ends before the consent could apply a change is refused, with the reason', async ({
  page,
}) => {
  await loginAs(page, 'ume');
  await issueCard(page, 'ume');
  const agree = async () => {
    await page.goto('/license/onestop/start');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('住所変更ワンストップサービス等利用同意');
    const box = page.getByRole('region', { name: '利用規約' });
    await expect(box).toContainText('第1条');
    await box.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('checkbox', { name: '利用規約を確認しました。' }).check();
    await page.getByRole('button', { name: '同意する', exact: true }).click();
  };

  // 2030-03-05: the consent could not take effect before 2030-03-31.
  await setClock(page, '2030-03-05T10:00:00+09:00');
  await agree();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText(
    '署名用電子証明書の有効期限（2030年03月31日）までに',
  );
  await expect(page).toHaveURL(/\/license\/onestop\/start$/);
  await expectGoodPage(page);
  // The server refuses the signed step too, not only the screen.
  const challenge = await page.request.post('/api/onestop/consent/challenge', {
    data: { items: { address: true, name: false, birth_date: false } },
  });
  expect(challenge.status()).toBe(403);
  expect((await challenge.json()).code).toBe('signing_cert_expires_too_soon');

  // A month earlier the same start goes on to 同意項目選択.
  await setClock(page, '2030-02-15T10:00:00+09:00');
  await agree();
  await expect(page).toHaveURL(/\/license\/onestop\/start\/items$/);
});
