import type { TestInfo } from '@playwright/test';
import { expect, test, type Page } from '../fixtures/test';
import { LINK_HEADINGS, LicensePage, LinkFlow, loginAs, resetDemo } from '../fixtures';

// Viewports: phone-360 only: what a screen reader is given (the accessibility tree, the focus,
// the live regions) does not depend on the width.

// Issue 33.4: a screen-reader pass of the link flow (manual 2章①-1, 11 steps) and the licence
// view, with Chromium's accessibility tree as the check. At each step this spec records what
// a screen reader is handed — the focused element (what it reads on arrival), the tree of
// <main> (Playwright's aria snapshot, attached to the report), and every text a live region
// took since the step before (what it announces unasked) — and asserts what must be said.
// docs/ACCESSIBILITY.md 「スクリーンリーダーによる確認」 writes the walk down. No real screen
// reader (NVDA, VoiceOver, TalkBack) runs here: this is the tree they read from.

test.beforeEach(async ({ request, page }) => {
  await resetDemo(request);
  // What a screen reader announces from live regions: each text a live region
  // (aria-live, role=status, role=alert) takes, in order, recorded as it changes — also the
  // ones that last only a moment (the card read's progress).
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { __announced: string[] }).__announced = said;
    const live = (n: Node | null): Element | null => {
      const el = n instanceof Element ? n : (n?.parentElement ?? null);
      return el?.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]') ?? null;
    };
    // The text a region speaks: its text and its images' alt, without hidden parts.
    const spoken = (n: Node): string => {
      if (n.nodeType === Node.TEXT_NODE) return (n as Text).data;
      if (!(n instanceof Element) || n.getAttribute('aria-hidden') === 'true') return '';
      if (n instanceof HTMLImageElement) return ` ${n.alt} `;
      return [...n.childNodes].map(spoken).join('');
    };
    new MutationObserver((records) => {
      const regions = new Set<Element>();
      for (const r of records) {
        const region = live(r.target);
        if (region) regions.add(region);
        // An alert is announced when it is inserted with its text (Chromium raises its alert
        // event); a status region inserted already filled is not (its later changes are).
        for (const added of r.addedNodes) {
          if (!(added instanceof Element)) continue;
          if (added.matches('[role="alert"]')) regions.add(added);
          added.querySelectorAll('[role="alert"]').forEach((a) => regions.add(a));
        }
      }
      for (const region of regions) {
        const text = spoken(region).replace(/\s+/g, ' ').trim();
        if (text && said.at(-1) !== text) said.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
});

/** The live-region texts since the last call. */
async function announced(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __announced: string[] };
    return w.__announced.splice(0);
  });
}

/** The focused node of Chromium's own accessibility tree (the DevTools protocol's, which is
 * what the platform's screen-reader API is fed from): its role, name and expanded state. */
async function chromiumFocus(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const prop = (n: (typeof nodes)[number], name: string) => n.properties?.find((p) => p.name === name)?.value.value;
    const focused = nodes.filter((n) => !n.ignored && n.role?.value !== 'RootWebArea' && prop(n, 'focused') === true).at(-1);
    if (!focused) return '(nothing)';
    const expanded = prop(focused, 'expanded');
    return `${focused.role?.value} "${focused.name?.value}"${expanded === undefined ? '' : ` expanded=${expanded}`}`;
  } finally {
    await cdp.detach();
  }
}

/** One step of the walk: what has focus (as its aria snapshot), the tree of <main>, and the
 * announcements, attached to the report; the focused node must be `focused`. */
async function step(page: Page, info: TestInfo, name: string, focused: string): Promise<string[]> {
  const focus = page.locator(':focus');
  await expect(focus).toMatchAriaSnapshot(focused);
  // The same, in Chromium's own tree: `- heading "X" [level=1]` is `heading "X"` there, and
  // a toggle's `[expanded]` / `[expanded=false]` its expanded state.
  const [, role, label, attrs] = focused.match(/^- (\w+) "([^"]*)"(.*)$/) ?? [];
  const expanded = attrs?.includes('[expanded=false]') ? ' expanded=false' : attrs?.includes('[expanded]') ? ' expanded=true' : '';
  expect(await chromiumFocus(page), `Chromium's focused node at ${name}`).toBe(`${role} "${label}"${expanded}`);
  const said = await announced(page);
  const tree = await page.getByRole('main').ariaSnapshot();
  await info.attach(`${name}`, {
    body: `focus:\n${await focus.ariaSnapshot()}\n\nannounced:\n${said.map((s) => `- ${s}`).join('\n')}\n\nmain:\n${tree}\n`,
    contentType: 'text/plain',
  });
  return said;
}

test('the link flow, as a screen reader is told it: each step\'s heading, its controls and its announcements', async ({
  page,
}, info) => {
  await loginAs(page, 'ichiro');
  const link = new LinkFlow(page);

  // 1 → 2: the unlinked licence page offers the link; its step page takes the focus.
  await link.start();
  await step(page, info, '2 連携', `- heading "${LINK_HEADINGS.intro}" [level=1]`);
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - navigation "パンくずリスト"
    - heading "${LINK_HEADINGS.intro}" [level=1]
    - button "連携"
  `);

  // 3
  await link.linkButton.click();
  await step(page, info, '3 同意確認', `- heading "${LINK_HEADINGS.consent}" [level=1]`);
  // The step caption is the heading's description, so the step number is read with it.
  await expect(link.h1).toHaveAccessibleDescription(/手順 3 \/ 11/);
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - heading "${LINK_HEADINGS.consent}" [level=1]
    - button "同意して次へ"
    - button "キャンセル"
  `);

  // 4
  await link.agreeNext.click();
  await step(page, info, '4 送信', `- heading "${LINK_HEADINGS.send}" [level=1]`);
  await expect(link.readCard).toBeVisible();

  // 5: the PIN dialog — a modal named by its title, the focus in its field; a malformed PIN
  // is said at once (an alert), and the field is invalid and described by it.
  await link.readCard.click();
  await step(page, info, '5 券面情報の読取', '- textbox "パスワード"');
  await expect(page.getByRole('dialog', { name: '券面情報の読取' })).toMatchAriaSnapshot(`
    - dialog "券面情報の読取":
      - heading "券面情報の読取"
      - textbox "パスワード"
      - button "次へ"
  `);
  await link.cardInfoPin.input.fill('12');
  await link.cardInfoPin.next.click();
  await expect(link.cardInfoPin.input).toHaveAttribute('aria-invalid', 'true');
  await expect(link.cardInfoPin.input).toHaveAccessibleDescription(/数字4桁で入力してください/);
  expect(await announced(page)).toContainEqual(expect.stringContaining('数字4桁で入力してください'));
  await link.cardInfoPin.input.fill('1234');
  await link.cardInfoPin.next.click();

  // 6: the card-read screen; while it reads, the progress is announced.
  await step(page, info, '6 カードの読み取り', '- heading "カードの読み取り" [level=1]');
  await link.card.read();

  // 7: what was read.
  await link.expectStep(/\/license\/link\/read-result$/, LINK_HEADINGS.readResult);
  const reading = await step(page, info, '7 読み取った情報', `- heading "${LINK_HEADINGS.readResult}" [level=1]`);
  expect(reading.join(' / '), 'the read was announced as it went').toMatch(/カード/);
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - heading "読み取った情報"
    - term: 氏名
    - definition: 免許 一郎
  `);

  // 8: the terms: a named, focusable scrolling region; the checkbox says it is not yet
  // available, until the end has been read.
  await link.send.click();
  await link.expectStep(/\/license\/link\/terms$/, LINK_HEADINGS.terms);
  await step(page, info, '8 属性連携開始手続き', `- heading "${LINK_HEADINGS.terms}" [level=1]`);
  await link.termsLoaded();
  await expect(link.termsCheck).toBeDisabled();
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - region "利用規約"
    - checkbox "利用規約を確認しました。" [disabled]
  `);

  // 9: the signing PIN dialog.
  await link.agreeToTerms();
  await step(page, info, '9 電子署名の付与', '- textbox "パスワード"');
  await link.signingPin.input.fill('ABC123');
  await link.signingPin.next.click();

  // 10
  await step(page, info, '10 カードの読み取り', '- heading "カードの読み取り" [level=1]');
  await link.card.read();

  // 11: done: the heading, and the next step is a link named for where it goes.
  await link.expectStep(/\/license\/link\/done$/, LINK_HEADINGS.done);
  await step(page, info, '11 連携の完了', `- heading "${LINK_HEADINGS.done}" [level=1]`);
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - link "運転免許（運転経歴情報）ページへ"
  `);
});

test('the licence view, as a screen reader is told it: the record as a list, each toggle\'s state and what it reveals', async ({
  page,
}, info) => {
  await loginAs(page, 'taro');
  const license = new LicensePage(page);
  await license.goto();
  await license.expectRecord('運転免許', '免許 太郎');
  await announced(page);
  await info.attach('/license main', { body: await page.getByRole('main').ariaSnapshot(), contentType: 'text/plain' });
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - heading "運転免許" [level=1]
    - term: 氏名
    - definition: 免許 太郎
  `);
  // The breadcrumbs' 「›」 is decoration, not read (it was: 「›運転免許」).
  await expect(page.getByRole('navigation', { name: 'パンくずリスト' })).toMatchAriaSnapshot(`
    - list:
      - listitem:
        - link "ホーム"
      - listitem: 運転免許
  `);

  // Each toggle: collapsed and named 「…を表示する」; pressed, it keeps the focus, says it is
  // expanded and named 「…を非表示にする」, and its value is announced from its live region.
  for (const value of [license.honseki, license.photo]) {
    await expect(value.showButton).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('button', { name: value.showLabel, expanded: false })).toHaveCount(1);
    await value.showButton.focus();
    await page.keyboard.press('Enter');
    if (value === license.photo) await expect(value.container.getByRole('img', { name: '顔写真' })).toBeVisible();
    else await expect(value.container).not.toBeEmpty();
    await expect(value.container.getByText('読み込み中')).toHaveCount(0);
    const said = await step(page, info, value.showLabel, `- button "${value.hideLabel}" [expanded]`);
    await info.attach(`${value.id} open`, { body: await value.container.ariaSnapshot(), contentType: 'text/plain' });
    expect(await value.container.getAttribute('aria-live')).toBe('polite');
    // What the live region said last is what it now shows: 本籍's text, the photo's alt.
    expect(said.at(-1)).toBe(value === license.photo ? '顔写真' : ((await value.container.textContent()) ?? '').trim());
    await page.keyboard.press('Enter');
    await step(page, info, value.hideLabel, `- button "${value.showLabel}" [expanded=false]`);
    await expect(value.container).toBeEmpty();
  }
  // The face photo is an image named 顔写真.
  await license.photo.show();
  await expect(license.photo.container).toMatchAriaSnapshot('- img "顔写真"');

  // 運転経歴区分, on a driving-history record (経歴 梅子).
  await loginAs(page, 'ume');
  await license.goto();
  await license.expectRecord('運転経歴情報', '経歴 梅子');
  await announced(page);
  const history = license.historyClass;
  await expect(page.getByRole('button', { name: history.showLabel, expanded: false })).toHaveCount(1);
  await history.showButton.focus();
  await page.keyboard.press('Enter');
  await expect(history.container).not.toBeEmpty();
  await expect(history.container.getByText('読み込み中')).toHaveCount(0);
  const said = await step(page, info, history.showLabel, `- button "${history.hideLabel}" [expanded]`);
  expect(said.at(-1)).toBe(((await history.container.textContent()) ?? '').trim());
});
