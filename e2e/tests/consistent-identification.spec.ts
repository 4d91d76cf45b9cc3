import { expect, test } from '../fixtures/test';
import { bare, buttonLabelProblems, controlsOf, enterLectureSite, loginAs, resetDemo, type Control } from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: phone-360 only: what is checked is the names of links and buttons, which do not
// change with the screen's width.

// WCAG 3.2.4 consistent identification, issue 33: the same function carries the same label on
// every page. One walk of the route table (a visitor's pages, then 免許 太郎's, then the
// lecture site's) reads every link and button from Chromium's accessibility tree
// (fixtures/names.ts) and compares like functions:
// - links: a function is its target. Every link to one place, in one part of the page (the
//   header, the breadcrumbs, the footer, the content), has one name on every page;
// - buttons: a function is recognised by its known wordings (fixtures/names.ts
//   BUTTON_FUNCTIONS: キャンセル, 戻る, 次へ, 閉じる, やめる, …); each must carry its one
//   label, except where the official manual itself labels it otherwise (本籍変更's
//   「中断する」). Every gallery state goes through the button check in gallery-scenes.spec.

/** Where a control was seen. */
interface Seen {
  control: Control;
  url: string;
}

test('links to one place and buttons of one function carry one label on every page', async ({ page, request }) => {
  test.setTimeout(300_000);
  await resetDemo(request);
  const seen: Seen[] = [];
  const problems: string[] = [];
  const pages = PAGES.filter((p) => p.url !== null);
  const order = ['Anyone', 'Demo', 'Person', 'Attendee'];
  pages.sort((a, b) => order.indexOf(a.access) - order.indexOf(b.access));
  let as = 'Anyone';
  for (const p of pages) {
    if (p.access === 'Person' && as === 'Anyone') {
      await loginAs(page, 'taro');
      as = 'Person';
    }
    if (p.access === 'Attendee' && as !== 'Attendee') {
      await enterLectureSite(page);
      as = 'Attendee';
    }
    await page.goto(p.url!);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('p.loading')).toHaveCount(0);
    const controls = await controlsOf(page);
    const path = new URL(page.url()).pathname;
    problems.push(...buttonLabelProblems(controls, path));
    for (const control of controls) seen.push({ control, url: path });
  }
  // Each page was read: its footer's links at least.
  expect(new Set(seen.map((s) => s.url)).size, 'pages read').toBeGreaterThanOrEqual(pages.length / 2);

  // Links: one name per target and part of the page.
  const byTarget = new Map<string, Seen[]>();
  for (const s of seen.filter((s) => s.control.role === 'link')) {
    const key = `${s.control.href} in ${s.control.region}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), s]);
  }
  for (const [key, all] of byTarget) {
    const names = [...new Set(all.map((s) => bare(s.control.name)))];
    if (names.length > 1) {
      const where = names.map((n) => `「${n}」 (${[...new Set(all.filter((s) => bare(s.control.name) === n).map((s) => s.url))].join(', ')})`);
      problems.push(`the links to ${key} have ${names.length} names: ${where.join('; ')}`);
    }
  }
  test.info().annotations.push({
    type: 'labels',
    description: [...byTarget].map(([key, all]) => `${key}: ${[...new Set(all.map((s) => s.control.name))].join(' | ')}`).join('\n'),
  });
  expect(problems, 'consistent identification (3.2.4)').toEqual([]);
});
