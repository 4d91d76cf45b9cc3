import { expect, test } from '../fixtures/test';
import {
  enterLectureSite,
  expectFocusWalk,
  expectGoodAtPixel7,
  expectGoodPage,
  expectTextAndReflowCriteria,
  loginAs,
  PC_BRIDGE_ABSENT,
  resetDemo,
} from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: phone-360 only as a project: every page of the route table is opened once, at the
// narrowest phone, and the same loaded page is then shown on the Pixel 7's screen (412 px,
// DPR 2.625, where text wraps elsewhere) and checked again, axe included (fixtures/quality.ts
// `expectGoodAtPixel7`): the same two layouts as a second project's run, without opening every
// page a second time (that run cost 164 s of the suite's 2 190 worker-seconds).

// Every page of the route table opens by its URL (SPEC §4: deep-linkable, never a blank
// page): the router knows it, its lazy file loads, it shows a heading of its own, the
// console stays clean and axe finds nothing. A page added to the table is walked here
// without touching this file.

const NOT_FOUND = 'ページが見つかりません';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

for (const p of PAGES.filter((p) => p.url !== null)) {
  test(`${p.url} (${p.name}) opens by its URL`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !PC_BRIDGE_ABSENT.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    if (p.access === 'Person') await loginAs(page, 'taro');
    if (p.access === 'Attendee') await enterLectureSite(page);

    const response = await page.goto(p.url!);
    expect(response?.status(), `HTTP status of ${p.url}`).toBe(200);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    await expect(heading).not.toHaveText(NOT_FOUND);
    await expect(page.locator('p.loading')).toHaveCount(0);
    await expectGoodPage(page);
    // WCAG 1.4.10 / 1.4.12 / 1.4.4 (fixtures/reflow.ts), and the keyboard's round of the
    // page (2.4.3 order, 2.4.7 indicator, 2.4.11 not hidden).
    await expectTextAndReflowCriteria(page);
    expect((await expectFocusWalk(page)).length, `Tab stops on ${p.url}`).toBeGreaterThan(0);
    // Last: the Pixel 7's screen holds until the page closes.
    await expectGoodAtPixel7(page);
    expect(errors, `console errors on ${p.url}`).toEqual([]);
  });
}

test('a URL that is no page gets a 404 and the not-found screen', async ({ page }) => {
  const response = await page.goto('/license/no-such-step');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NOT_FOUND);
  await expectGoodPage(page);
  await expectGoodAtPixel7(page);
});

// WCAG 1.4.13 (content on hover or focus): nothing in the style sheets shows more content
// on hover or focus, so there is nothing to dismiss, hover or keep. Flagged: a selector
// whose :hover / :focus… part is followed by a combinator (it styles other content), or
// one on ::before / ::after (it adds content). A control restyling itself (a link's
// underline, the skip link coming into view when it has the focus) is not more content.
test('no style shows more content on hover or focus (1.4.13)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const read = await page.evaluate(() => {
    const found: string[] = [];
    const other = /:(hover|focus|focus-within|focus-visible)\b[^\s>+~,]*\s*[\s>+~]\s*[^\s,]/;
    const added = /:(hover|focus|focus-within|focus-visible)\b.*::?(before|after)/;
    const walk = (rules: CSSRuleList) => {
      for (const rule of Array.from(rules)) {
        if (rule instanceof CSSStyleRule) {
          for (const selector of rule.selectorText.split(',')) {
            if (other.test(selector) || added.test(selector)) found.push(`${selector.trim()} { ${rule.style.cssText} }`);
          }
        } else if ('cssRules' in rule) {
          walk((rule as CSSGroupingRule).cssRules);
        }
      }
    };
    const sheets = [...Array.from(document.styleSheets), ...document.adoptedStyleSheets];
    for (const sheet of sheets) walk(sheet.cssRules);
    return { found, sheets: sheets.length };
  });
  expect(read.sheets, 'style sheets read').toBeGreaterThan(0);
  expect(read.found).toEqual([]);
});
