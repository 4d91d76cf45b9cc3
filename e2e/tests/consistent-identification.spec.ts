import { expect, test } from '../fixtures/test';
import { bare, buttonLabelProblems, walkRouteTable, type Control } from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: phone-360 only: what is checked is the names of links and buttons, which do not
// change with the screen's width.

// WCAG 3.2.4 consistent identification, issue 33: the same function carries the same label on
// every page. One walk of the route table (a visitor's pages, then 免許 太郎's, then the
// lecture site's) reads every link and button from Chromium's accessibility tree
// (fixtures/names.ts) and compares like functions:
// - links: a function is its target, in the part of the page the link is part of. The
//   header's, the breadcrumbs' and the footer's links, and the content's way-out links (a name
//   ending in 「へ」 or 「へ戻る」: 「運転免許ページへ」, 「受講者情報へ戻る」), have one name per
//   target on every page. A link inside a sentence or a menu of the content is named for its
//   context (2.4.4: link-purpose.spec) and not compared here;
// - buttons: a function is recognised by its known wordings (fixtures/names.ts
//   BUTTON_FUNCTIONS: キャンセル, 戻る, 次へ, 閉じる, やめる, …); each must carry its one
//   label. Every gallery state goes through the button check in gallery-scenes.spec.
// Where the official manual itself gives a function two labels, its exact screen labels win:
// MANUAL below (links) and BUTTON_FUNCTIONS' `manual` (本籍変更's 「中断する」).
// The demo's own pages (/demo, /gallery) are outside the accessibility policy's scope and left
// out: the gallery names each page with its path, on purpose.

/** A link name the manual gives on some screens only, for a target that has another name elsewhere. */
const MANUAL: { href: string; region: string; name: string; paths: RegExp; where: string }[] = [
  { href: '/', region: 'navigation', name: 'トップ', paths: /^\/license\/honseki\/(koseki|identity)/, where: '本籍変更の戸籍の画面: 「トップ > 戸籍 > …」' },
  { href: '/license/honseki', region: 'navigation', name: '戸籍', paths: /^\/license\/honseki\/(koseki|identity)/, where: 'the same' },
  {
    href: '/license',
    region: 'navigation',
    name: 'マイナ免許証との連携',
    paths: /^\/license\/unlink/,
    where: '連携解除: 「ホーム > メニュー > 外部サイトとの連携 > マイナ免許証との連携」 (the connection, which is /license once linked)',
  },
  {
    href: '/license',
    region: 'main',
    name: '運転免許（運転経歴情報）ページへ',
    paths: /^\/license\/link(\/|$)/,
    where: 'the link flow: 「運転免許（運転経歴情報）ページへ」; 本籍変更, 講習 and ワンストップ say 「運転免許ページへ」',
  },
];

const OUT_OF_SCOPE = /^\/(demo|gallery)(\/|$)/;

/** A content link that leads out of the page to a named place (compared by target). */
const WAY_OUT = /(へ|へ戻る)$/;

/** Where a control was seen. */
interface Seen {
  control: Control;
  url: string;
}

test('links to one place and buttons of one function carry one label on every page', async ({ page, request }) => {
  test.setTimeout(300_000);
  const seen: Seen[] = [];
  const problems: string[] = [];
  const used = new Set<(typeof MANUAL)[number]>();
  const walked = await walkRouteTable(page, request, PAGES, (path, controls) => {
    problems.push(...buttonLabelProblems(controls, path));
    if (OUT_OF_SCOPE.test(path)) return;
    for (const control of controls) {
      if (control.role !== 'link') continue;
      if (control.region === 'main' && !WAY_OUT.test(bare(control.name))) continue;
      const manual = MANUAL.find((m) => m.href === control.href && m.region === control.region && m.name === control.name && m.paths.test(path));
      if (manual) used.add(manual);
      else seen.push({ control, url: path });
    }
  });
  // An exception the manual no longer needs is a stale one.
  for (const m of MANUAL) if (!used.has(m)) problems.push(`the manual's 「${m.name}」 for ${m.href} was met on no page: drop it from MANUAL`);
  // Each page in scope was read: its footer's links at least.
  expect(new Set(seen.map((s) => s.url)).size, 'pages read').toBeGreaterThanOrEqual(walked / 2);

  // Links: one name per target and part of the page.
  const byTarget = new Map<string, Seen[]>();
  for (const s of seen) {
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
