import { expect, test, type Page } from '../fixtures/test';
import { expectGoodPage, loginAs, resetDemo, setClock } from '../fixtures';

// Viewports: both. phone-360 is the narrowest phone, where overflow shows; the Pixel 7 run (412 ×
// 915, DPR 2.625, its user agent) walks the same screens where the manual's long labels wrap
// elsewhere and more of each step fits on screen, so scrolling into view, focus placement and the
// quality checks (axe, no sideways scroll or clipping) meet a second real layout. (No breakpoint
// lies between them: the one at 40rem is wider than both.) The lecture's video player and question
// fit differently at each width.

// オンライン更新時講習 (manual 3章①, SPEC §4.5): the portal's page, 受講不可 and why, the
// lecture site entered with a ticket, chapters with content and a question each, progress
// kept by the server, and completion with its notice.

const RIGHT: Record<number, string> = {
  1: 'わき見などの不注意',
  2: '横断歩道の手前で止まる',
  3: '運転免許センター等で更新の手続きをする',
};

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

async function good(page: Page): Promise<void> {
  await expect(page.locator('p.loading')).toHaveCount(0);
  await expectGoodPage(page);
}

/** From the licence page's renewal notice to the lecture site's 受講者情報. */
async function toAttendee(page: Page): Promise<void> {
  await page.goto('/license');
  await page.getByRole('link', { name: 'オンライン講習について確認する' }).click();
  await expect(h1(page)).toHaveText('オンライン講習の受講');
  await expect(page.getByText('受講後は、運転免許センター等で更新手続きが必要です')).toBeVisible();
  for (const name of ['オンライン講習とは', '受講の流れ']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'オンライン講習の流れについて' })).toBeVisible();
  await good(page);
  await page.getByRole('button', { name: '受講する', exact: true }).click();
  await expect(page).toHaveURL(/\/lecture$/);
  await expect(h1(page)).toHaveText('受講者情報');
  // The lecture site is a service of its own: its own header, no portal bell.
  await expect(page.getByRole('banner')).toHaveText('オンライン講習');
  await expect(page.getByRole('link', { name: /お知らせ/ })).toHaveCount(0);
  await good(page);
}

/** Plays chapter `n`'s video, answers it right, and goes on. */
async function takeChapter(page: Page, n: number, lastLabel = '次の章へ'): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`/lecture/chapters/${n}$`));
  await expect(h1(page)).toContainText(`第${n}章`);
  // The number once: 「第1章（全3章）　交通事故の現状」, not 「… 第1章 交通事故の現状」.
  expect((await h1(page).innerText()).split(`第${n}章`).length - 1, 'times the heading names the chapter').toBe(1);
  await good(page);
  // Played already (a chapter answered wrong before): the player says so.
  const play = page.getByRole('button', { name: '再生', exact: true });
  if (await play.isEnabled()) await play.click();
  await expect(page.getByRole('status').filter({ hasText: '再生が終わりました' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('radio', { name: RIGHT[n] }).check();
  await page.getByRole('button', { name: '解答する', exact: true }).click();
  await expect(page.getByText('正解です。')).toBeVisible();
  await good(page);
  await page.getByRole('button', { name: lastLabel, exact: true }).click();
}

async function completionNotice(page: Page): Promise<void> {
  await expect(h1(page)).toHaveText('受講完了');
  await good(page);
  expect((await page.request.post('/api/demo/process')).status()).toBe(200);
  await page.goto('/notices');
  await expect(page.getByRole('link', { name: /オンライン講習の受講完了について/ })).toHaveCount(1);
  await page.goto('/license/lecture');
  await expect(page.getByRole('heading', { name: '受講済み' })).toBeVisible();
  await expect(page.getByText('運転免許センター等で行ってください')).toBeVisible();
  await expect(page.getByRole('button', { name: '受講する', exact: true })).toHaveCount(0);
}

test('免許 太郎 (優良) takes the lecture to the end and gets the completion notice', async ({ page }) => {
  await loginAs(page, 'taro');
  await toAttendee(page);
  for (const [label, value] of [['氏名', '免許 太郎'], ['公安委員会', '東京都'], ['講習種別', '免許更新時講習'], ['講習区分', '優良運転者講習']]) {
    await expect(page.locator('.field').filter({ hasText: label }).locator('dd')).toHaveText(value);
  }
  await expect(page.getByLabel('言語選択/Language selection')).toHaveValue('ja');
  await page.getByRole('button', { name: '受講を開始する', exact: true }).click();
  // A wrong answer keeps him on the chapter.
  await expect(h1(page)).toContainText('第1章');
  await page.getByRole('button', { name: '再生', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '再生が終わりました' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('radio', { name: '車の故障' }).check();
  await page.getByRole('button', { name: '解答する', exact: true }).click();
  await expect(page.getByText('不正解です。')).toBeVisible();
  await expect(page.getByRole('button', { name: '次の章へ' })).toHaveCount(0);
  await takeChapter(page, 1);
  await takeChapter(page, 2);
  await takeChapter(page, 3, '受講を完了する');
  await completionNotice(page);
});

test('免許 花子 (一般) gets 一般運転者講習 and finishes it', async ({ page }) => {
  await loginAs(page, 'hanako');
  await toAttendee(page);
  await expect(page.locator('.field').filter({ hasText: '講習区分' }).locator('dd')).toHaveText('一般運転者講習');
  await page.getByRole('button', { name: '受講を開始する', exact: true }).click();
  await takeChapter(page, 1);
  await takeChapter(page, 2);
  await takeChapter(page, 3, '受講を完了する');
  await completionNotice(page);
});

test('違反 次郎 and 高齢 五郎 see 受講不可 with their reasons', async ({ page }) => {
  for (const [person, reason] of [['jiro', '違反運転者の方はオンライン講習の対象外です'], ['goro', '72歳']] as const) {
    await loginAs(page, person);
    await page.goto('/license/lecture');
    await expect(page.getByRole('heading', { name: '受講不可' })).toBeVisible();
    await expect(page.getByText(reason)).toBeVisible();
    await expect(page.getByRole('button', { name: '受講する', exact: true })).toHaveCount(0);
    await good(page);
  }
});

test('moving the demo clock out of the renewal window makes 免許 太郎 受講不可', async ({ page }) => {
  await loginAs(page, 'taro');
  await setClock(page, '2026-10-01T10:00:00+09:00');
  await page.goto('/license/lecture');
  await expect(page.getByRole('heading', { name: '受講不可' })).toBeVisible();
  await expect(page.getByText('更新期間（2026年12月01日から2027年02月01日まで）')).toBeVisible();
  await good(page);
});

test('a reload mid-lecture resumes at the same chapter; a later one is not open; English switches the texts', async ({ page }) => {
  await loginAs(page, 'taro');
  await toAttendee(page);
  await page.getByRole('button', { name: '受講を開始する', exact: true }).click();
  await takeChapter(page, 1);
  await expect(page).toHaveURL(/\/lecture\/chapters\/2$/);
  await page.reload();
  await expect(h1(page)).toContainText('第2章');
  // Chapter 3 is not open yet: back to chapter 2.
  await page.goto('/lecture/chapters/3');
  await expect(page).toHaveURL(/\/lecture\/chapters\/2$/);
  await expect(h1(page)).toContainText('第2章');

  // The portal says how far he is, and 「受講する」 continues.
  await page.goto('/license/lecture');
  await expect(page.getByText('全3章のうち1章まで受講済みです。')).toBeVisible();
  await page.getByRole('button', { name: '受講する', exact: true }).click();
  await expect(h1(page)).toHaveText('受講者情報');
  await expect(page.getByRole('button', { name: '続きから受講する', exact: true })).toBeVisible();
  // WCAG 3.1.1 / 3.1.2: the text's language is marked, Japanese or English.
  expect(await h1(page).evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))).toBe('ja');

  // WCAG 3.2.2: choosing a language changes nothing until 「切り替える/Switch」 is pressed,
  // from the keyboard as well (Tab from the select to the button, Enter).
  const language = page.getByLabel('言語選択/Language selection');
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/language')) asked.push(`${r.method()} ${r.url()}`);
  });
  await language.selectOption('en');
  await expect(language).toHaveValue('en');
  await expect(h1(page)).toHaveText('受講者情報');
  // The server is not asked either: a reload still shows Japanese.
  expect(asked, 'language requests on choosing alone').toEqual([]);
  await page.reload();
  await expect(h1(page)).toHaveText('受講者情報');
  await expect(language).toHaveValue('ja');
  await language.selectOption('en');
  await expect(h1(page)).toHaveText('受講者情報');
  const switchButton = page.getByRole('button', { name: '切り替える/Switch', exact: true });
  await language.focus();
  await page.keyboard.press('Tab');
  await expect(switchButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(h1(page)).toHaveText('Attendee information');
  await expect(language).toHaveValue('en');
  expect(asked, 'language requests after 「切り替える」').toHaveLength(1);
  expect(await h1(page).evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  await expect(page.getByRole('button', { name: 'Continue the lecture', exact: true })).toBeVisible();
  await good(page);
  await page.getByRole('button', { name: 'Continue the lecture', exact: true }).click();
  await expect(h1(page)).toContainText('Chapter 2 of 3');
  expect(await h1(page).evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await good(page);
});

test('the lecture site cannot be entered without a ticket from the portal', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.goto('/lecture?ticket=' + 'ab'.repeat(32));
  await expect(page.getByRole('alert')).toContainText('受講の受付を確認できませんでした');
  await good(page);
  await page.goto('/lecture/chapters/1');
  await expect(page.getByRole('alert')).toContainText('受講者を確認できませんでした');
});
