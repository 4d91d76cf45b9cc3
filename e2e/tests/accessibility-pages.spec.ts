import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '../fixtures/test';
import { enterLectureSite, expectGoodPage, loginAs, resetDemo } from '../fixtures';

// Viewports: phone-360 only: what is checked here is content (links, rows, counts); both pages'
// layout at 320/360/412 px is pages.spec.ts's, which opens every page of the route table.

// Issue 33.3: 「ウェブアクセシビリティ方針」 and 「試験結果」, linked from the footer of every
// page and generated from the criterion table in docs/ACCESSIBILITY.md. This spec reads the
// markdown itself (not the generator's parse of it), so a row the generator drops, a result
// it misreads or a count it gets wrong fails here.

/** One criterion row of docs/ACCESSIBILITY.md. */
interface Row {
  number: string;
  jis: string;
  name: string;
  level: string;
  result: string;
}

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'ACCESSIBILITY.md'), 'utf8');
const ROWS: Row[] = DOC.split('\n')
  .filter((line) => /^\| \d+\.\d+\.\d+ \|/.test(line))
  .map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const result = cells[7].match(/^(適合|非適用|不適合|未判定)/);
    if (cells.length !== 8 || !result) throw new Error(`docs/ACCESSIBILITY.md: a row this spec cannot read: ${line}`);
    return { number: cells[0], jis: cells[1] === '—' ? 'なし' : cells[1], name: cells[3], level: cells[4], result: result[1] };
  });
const OUTCOMES = ['適合', '非適用', '不適合', '未判定'];
const count = (outcome: string) => ROWS.filter((r) => r.result === outcome).length;

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('the table this spec reads is the whole of WCAG 2.2 A/AA plus JIS 4.1.1', () => {
  expect(ROWS).toHaveLength(56);
  expect(ROWS.filter((r) => r.jis !== 'なし')).toHaveLength(38);
});

/** The footer's two links, in their place: the page's last landmark, the policy first. */
async function expectFooterLinks(page: Page): Promise<void> {
  const footer = page.getByRole('contentinfo');
  await expect(footer).toBeVisible();
  const links = footer.getByRole('link');
  await expect(links).toHaveText(['ウェブアクセシビリティ方針', '試験結果']);
  await expect(links.nth(0)).toHaveAttribute('href', '/accessibility');
  await expect(links.nth(1)).toHaveAttribute('href', '/accessibility/results');
  // Nothing of the page comes after the footer (the same place on every page).
  const last = await page.evaluate(() => {
    const all = [...document.querySelectorAll('body a[href]')].filter((a) => (a as HTMLElement).offsetParent !== null);
    return all.at(-1)?.getAttribute('href');
  });
  expect(last).toBe('/accessibility/results');
}

test('every kind of page has the footer links: a visitor, a person, a flow step, the lecture site', async ({ page }) => {
  for (const url of ['/', '/login', '/license/link/help/faq']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectFooterLinks(page);
  }
  await loginAs(page, 'taro');
  for (const url of ['/license', '/notices', '/license/honseki', '/connections']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectFooterLinks(page);
  }
  // The lecture site has its own frame, and the same links at its foot.
  await enterLectureSite(page);
  await page.goto('/lecture');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFooterLinks(page);
});

test('the footer link opens the policy: target, scope, how tested, the figures of the table, date, contact', async ({ page }) => {
  await page.goto('/license/link/help/faq');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('contentinfo').getByRole('link', { name: 'ウェブアクセシビリティ方針' }).click();

  await expect(page).toHaveURL(/\/accessibility$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('ウェブアクセシビリティ方針');
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(/ウェブアクセシビリティ方針/);
  const main = page.getByRole('main');
  for (const h2 of ['目標とする水準', '対象範囲', '試験の方法', '現在の達成状況', 'お問い合わせ', '策定日・更新日']) {
    await expect(main.getByRole('heading', { level: 2, name: h2 })).toBeVisible();
  }
  await expect(main).toContainText('JIS X 8341-3:2016');
  await expect(main).toContainText('適合レベルAA');
  await expect(main).toContainText('WCAG 2.2 のレベルAA');
  // The figures are the table's; with criteria left 未判定 or 不適合 no conformance is claimed,
  // and with none, it is.
  await expect(main).toContainText(
    `${ROWS.length}件の達成基準のうち、適合${count('適合')}件、非適用${count('非適用')}件、不適合${count('不適合')}件、未判定${count('未判定')}件です。`,
  );
  if (count('未判定') + count('不適合') > 0) {
    await expect(main).toContainText('「準拠」は表明していません');
    await expect(main).not.toContainText('準拠しています');
  } else {
    // Every row 適合 or 非適用: the conformance claim, and no plan for open rows.
    await expect(main).toContainText('このサイトは、JIS X 8341-3:2016 の適合レベルAAに準拠しています。');
    await expect(main).not.toContainText('表明していません');
    await expect(main).not.toContainText('未判定または不適合の達成基準は');
  }
  // The date is the table's 「Date of these results」.
  const [, y, m, d] = DOC.match(/\*\*Date of these results:\*\* (\d{4})-(\d{2})-(\d{2})/) ?? [];
  expect(y, 'the table gives the date of its results').toBeTruthy();
  await expect(main).toContainText(`${Number(y)}年${Number(m)}月${Number(d)}日時点で`);
  await expect(main).toContainText('実際のスクリーンリーダーでの確認はまだ行っていません');
  await expectGoodPage(page);
});

test('the results page lists every row of docs/ACCESSIBILITY.md with its counts', async ({ page }) => {
  await page.goto('/accessibility');
  await page.getByRole('link', { name: '試験結果（達成基準ごとの結果）' }).click();
  await expect(page).toHaveURL(/\/accessibility\/results$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('試験結果');
  const main = page.getByRole('main');

  // The counts.
  await expect(main).toContainText(`達成基準${ROWS.length}件`);
  for (const outcome of OUTCOMES) {
    await expect(main.getByRole('listitem').filter({ hasText: new RegExp(`^${outcome}：`) })).toHaveText(
      `${outcome}：${count(outcome)}件`,
    );
  }

  // One table per principle, with the doc's rows in its order.
  const tables = main.getByRole('table');
  await expect(tables).toHaveCount(4);
  const shown = await main.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 5).map((c) => c.textContent?.trim() ?? '')),
  );
  expect(shown.map((r) => r[0])).toEqual(ROWS.map((r) => r.number));
  expect(shown).toEqual(ROWS.map((r) => [r.number, r.jis, r.name, r.level, r.result]));

  // A few rows as a screen reader meets them: a row header, then its cells.
  for (const number of ['1.1.1', '1.4.10', '3.2.6', '4.1.3']) {
    const row = ROWS.find((r) => r.number === number)!;
    const tr = main.getByRole('row').filter({ has: page.getByRole('rowheader', { name: number, exact: true }) });
    await expect(tr).toHaveCount(1);
    await expect(tr.getByRole('cell').nth(1)).toHaveText(row.name);
    await expect(tr.getByRole('cell').nth(3)).toHaveText(row.result);
  }
  await expect(main.getByRole('table', { name: '原則1 知覚可能' })).toBeVisible();
  await expectGoodPage(page);
});
