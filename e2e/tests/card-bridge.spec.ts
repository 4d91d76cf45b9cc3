import { expect, test, type Page } from '../fixtures/test';
import {
  CARD_READ_TIMEOUT,
  CardReadScreen,
  LicensePage,
  PIN_DIALOG,
  PinDialog,
  expectGoodPage,
  resetDemo,
  waitForCardRead,
  watchRequests,
} from '../fixtures';

// Viewports: phone-360 only: the bridge's choice (native host, remote reader, Web NFC) does not
// depend on the width or the device profile; the card-read screen's messages are gallery states,
// whose layout gallery-scenes.spec.ts checks at 360 and 412 px.

// SPEC §7.1 and docs/bridge.md: the bridge picks the native host first, then the demo
// remote reader, then Web NFC (tap detection only), and says so when nothing can read.

const NO_READER = /この端末（ブラウザ）ではマイナンバーカードを読み取れません/;

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** As if the server were not in demo mode: no demo people, so no remote reader. */
async function withoutDemoMode(page: Page): Promise<void> {
  await page.route('**/api/demo/people', (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: '見つかりません。' }),
    }),
  );
}

/**
 * A stand-in for the phone app (docs/bridge.md): it implements `window.mynaCardBridge`
 * and, for want of NFC, passes the APDUs to taro's virtual card. It answers some
 * messages as objects and some as JSON text, as the contract allows.
 */
function fakeNativeHost(options: { removeOnFirstApdu: boolean }): void {
  const w = window as unknown as Record<string, unknown>;
  const sent: unknown[] = [];
  w.__sent = sent;
  let removeNext = options.removeOnFirstApdu;
  const reply = (m: unknown) => window.postMessage(m, location.origin);
  const post = (path: string, body: unknown) =>
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  w.mynaCardBridge = {
    postMessage(text: string) {
      const msg = JSON.parse(text);
      sent.push(msg);
      if (msg.type === 'myna-card/begin') {
        post('/api/card/session', { person: 'taro' }).then(() => {
          reply({ type: 'myna-card/present' });
          reply({ type: 'myna-card/response', id: msg.id });
        });
      } else if (msg.type === 'myna-card/transceive') {
        if (removeNext) {
          removeNext = false;
          reply({ type: 'myna-card/removed' });
          return;
        }
        post('/api/card/apdu', { apdu: msg.apdu, person: 'taro' })
          .then((r) => r.json())
          .then((j) => reply(JSON.stringify({ type: 'myna-card/response', id: msg.id, response: j.response })));
      }
    },
  };
}

test('native host: the documented message contract logs in, and a removed card can be read again', async ({ page }) => {
  await page.addInitScript(fakeNativeHost, { removeOnFirstApdu: true });
  await page.goto('/login');
  // Not demo people: the phone app reads the person's own card.
  const start = page.getByRole('button', { name: 'マイナンバーカードでログイン' });
  await expect(start).toBeVisible();
  await expect(page.getByRole('button', { name: '免許 太郎' })).toHaveCount(0);
  await start.click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  const card = new CardReadScreen(page);
  await card.start.click();

  await expect(page.getByRole('status').filter({ hasText: /カードが離れました/ })).toBeVisible({ timeout: CARD_READ_TIMEOUT });
  await expect(card.heading).toBeVisible();
  await card.retry.click();
  await waitForCardRead(page);

  await expect(page).toHaveURL(/\/license$/);
  await new LicensePage(page).expectRecord('運転免許', '免許 太郎');
  const sent = (await page.evaluate(() => (window as unknown as { __sent: { type: string; id?: string; apdu?: string }[] }).__sent));
  const types = new Set(sent.map((m) => m.type));
  expect([...types].sort()).toEqual(['myna-card/begin', 'myna-card/end', 'myna-card/transceive']);
  for (const m of sent.filter((m) => m.type === 'myna-card/transceive')) {
    expect(typeof m.id).toBe('string');
    expect(m.apdu).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  }
});

test('Web NFC: the tap is noticed, and the person is told this browser cannot read the card', async ({ page }) => {
  await withoutDemoMode(page);
  await page.addInitScript(() => {
    class FakeNdefReader extends EventTarget {
      async scan(): Promise<void> {
        // A My Number card carries no NDEF: Chrome reports a reading error for it.
        setTimeout(() => this.dispatchEvent(new Event('readingerror')), 100);
      }
    }
    (window as unknown as Record<string, unknown>).NDEFReader = FakeNdefReader;
  });
  const apdus = watchRequests(page, '/api/card/apdu');
  await page.goto('/login');
  await expect(page.getByText(/カードの内容は読み取れません/)).toBeVisible();
  await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  await new CardReadScreen(page).start.click();

  await expect(page.getByRole('status').filter({ hasText: /カードを検出しましたが/ })).toBeVisible({ timeout: CARD_READ_TIMEOUT });
  await expectGoodPage(page);
  expect(apdus).toHaveLength(0);
});

test('no reader at all: /login says so plainly, before any PIN is asked', async ({ page }) => {
  await withoutDemoMode(page);
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'この端末ではカードを読み取れません' })).toBeVisible();
  await expect(page.getByText(NO_READER)).toBeVisible();
  await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
  await expectGoodPage(page);
});
