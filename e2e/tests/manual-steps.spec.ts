import { expect, test, type Page } from '../fixtures/test';
import { CardReadScreen, LinkFlow, PIN_DIALOG, PinDialog, agreeToTerms, loginAs, resetDemo } from '../fixtures';

// Viewports: phone-360 only: the step numbers are words, the same at every width; the captions'
// layout is design.spec.ts's (both widths) and the gallery's.

// Issue 30: every screen's step caption is the manual's step number — 2章①-1, 3章② on both
// paths, 3章③ — not a count of our screens; a screen that is a page and the PIN dialog it
// opens names the range. The document title carries the same words, and so does the
// gallery. The numbers are written here from the manual's 「操作の流れ」.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** The screen is `heading`, and its caption and title say `caption`. */
async function expectStep(page: Page, heading: string, caption: string): Promise<void> {
  await expect(h1(page)).toHaveText(heading);
  await expect(page.locator('#step-caption')).toHaveText(caption);
  await expect(page).toHaveTitle(`${heading}（${caption}） | マイナポータル`);
}

async function expectCardRead(page: Page, caption: string): Promise<CardReadScreen> {
  const card = new CardReadScreen(page);
  await expect(card.heading).toBeVisible();
  await expectStep(page, 'カードの読み取り', caption);
  return card;
}

test('2章①-1: 手順 2 to 手順 11 of 11', async ({ page }) => {
  await loginAs(page, 'ichiro');
  const flow = new LinkFlow(page);
  await flow.start();
  await expectStep(page, 'マイナ免許証との連携', '手順 2 / 11');
  await flow.linkButton.click();
  await expectStep(page, '同意確認', '手順 3 / 11');
  await flow.agreeNext.click();
  await expectStep(page, 'アカウント登録用情報の送信', '手順 4〜5 / 11');
  await flow.readCard.click();
  await flow.cardInfoPin.submit('1234');
  const card = await expectCardRead(page, '手順 6 / 11');
  await card.read();
  await expectStep(page, 'アカウント登録用情報の送信', '手順 7 / 11');
  await flow.sendAttributes();
  await expectStep(page, '属性連携開始手続き', '手順 8〜9 / 11');
  await flow.agreeToTerms();
  await flow.signingPin.submit('ABC123');
  await (await expectCardRead(page, '手順 10 / 11')).read();
  await expectStep(page, 'アカウント連携の完了', '手順 11 / 11');
});

async function honsekiSignSteps(page: Page): Promise<void> {
  await expectStep(page, '本籍・筆頭者氏名の確認', '手順 8 / 13');
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await expectStep(page, '確認事項への同意', '手順 9 / 13');
  await page.getByRole('checkbox', { name: '確認事項に同意する' }).check();
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await expectStep(page, '電子署名して申請', '手順 10〜11 / 13');
  await page.getByRole('button', { name: '電子署名をはじめる', exact: true }).click();
  await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
  await (await expectCardRead(page, '手順 12 / 13')).read();
  await expectStep(page, '申請完了', '手順 13 / 13');
}

async function honsekiStart(page: Page): Promise<void> {
  await page.goto('/license');
  await page.getByRole('link', { name: /本籍のオンライン変更の申請/ }).click();
  await expectStep(page, '本籍のオンライン変更の申請', '手順 2 / 13');
  await page.getByRole('button', { name: '申請する', exact: true }).click();
}

test('3章② without 戸籍連携履歴 (免許 太郎): 手順 2 to 手順 13 of 13', async ({ page }) => {
  await loginAs(page, 'taro');
  await honsekiStart(page);
  await expectStep(page, '戸籍情報のオンライン取得・提出について', '手順 3 / 13');
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await expectStep(page, '本人情報の確認', '手順 4〜5 / 13');
  await page.getByRole('button', { name: '読み取る', exact: true }).click();
  await new PinDialog(page, PIN_DIALOG.cardInfo).submit('1234');
  await (await expectCardRead(page, '手順 6 / 13')).read();
  await expectStep(page, 'マイナンバーカードから読み取った情報', '手順 7 / 13');
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await honsekiSignSteps(page);
});

test('3章② with 戸籍連携履歴 (戸籍 さくら): 手順 2, then 手順 8 to 13 — the manual\'s numbers, 3–7 not shown', async ({
  page,
}) => {
  await loginAs(page, 'sakura');
  await honsekiStart(page);
  await honsekiSignSteps(page);
});

for (const [flow, url] of [
  ['利用開始', '/license/onestop/start'],
  ['同意有効期間の更新', '/license/onestop/renew'],
] as const) {
  test(`3章③-1 (${flow}): 手順 3 to 手順 7 of 7`, async ({ page }) => {
    await loginAs(page, 'taro');
    await page.goto(url);
    await expectStep(page, '住所変更ワンストップサービス等利用同意', '手順 3 / 7');
    await agreeToTerms(page);
    await expectStep(page, '住所変更ワンストップサービス等利用同意項目選択', '手順 4〜5 / 7');
    await page
      .getByRole('group', { name: '生年月日', exact: true })
      .getByRole('radio', { name: '同意する', exact: true })
      .check();
    await page.getByRole('button', { name: '利用を開始' }).click();
    await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
    await (await expectCardRead(page, '手順 6 / 7')).read();
    await expectStep(page, '住所変更ワンストップサービス等利用同意申請完了通知', '手順 7 / 7');
  });
}

test('3章③-2 and ③-3: 同意状況照会 is 手順 3 / 3; 利用解除 手順 3 to 手順 6 of 6', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/license/onestop/status');
  await expectStep(page, '住所変更ワンストップサービス等利用同意状況照会', '手順 3 / 3');
  await page.goto('/license/onestop/cancel');
  await expectStep(page, '住所変更ワンストップサービス等利用同意解除', '手順 3〜4 / 6');
  await agreeToTerms(page);
  await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
  await (await expectCardRead(page, '手順 5 / 6')).read();
  await expectStep(page, '住所変更ワンストップサービス等利用同意解除申請完了通知', '手順 6 / 6');
});

test('the gallery names each numbered page\'s steps beside it', async ({ page }) => {
  await page.goto('/gallery');
  const entry = page.getByRole('link', { name: /^アカウント登録用情報の送信\s*\/license\/link\/send/ });
  await expect(entry).toContainText('2章①-1 手順 4〜5 / 11、カードの読み取り 手順 6 / 11');
  await expect(page.getByRole('link', { name: /^本籍・筆頭者氏名の確認/ })).toContainText('3章② 手順 8 / 13');
  await expect(page.getByRole('link', { name: /^住所変更ワンストップサービス等利用同意解除\s*\/license\/onestop\/cancel\s/ })).toContainText(
    '3章③-3 手順 3〜4 / 6、カードの読み取り 手順 5 / 6',
  );
});
