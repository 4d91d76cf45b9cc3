import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test';
import { CARD_READ_TIMEOUT, CardReadScreen, LinkFlow, PIN_DIALOG, PinDialog, agreeToTerms, isLinked, resetDemo, waitForCardRead } from '../fixtures';

// Issue 29: the PC card reader end to end through the real PC/SC middleware, no hardware.
// pcscd with vsmartcard's virtual reader driver (vpcd); on it, ichiro's virtual card as this
// worker's demo portal holds it (`myna-virtual-card --portal`: the card the demo JPKI CA
// certified, so the portal logs him in; ichiro is not linked yet); `myna-card-bridge` on ws://127.0.0.1:47810 (the
// address the CSP names) allowing this worker's origin only. The page picks the PC reader
// (it comes before the demo's remote reader), so every APDU of these reads goes page →
// WebSocket → bridge → pcscd → vpcd → card. `cargo xtask e2e`/`test` builds the two
// programs (CARD_BRIDGE_BIN, VIRTUAL_CARD_BIN) and installs pcscd and vpcd; pcscd needs root
// and no other pcscd on the machine (its socket is machine-wide).

// Viewports: phone-360 only: which reader the page uses does not depend on the width, and
// pcscd, the virtual reader and the bridge's port are one per machine.

test.describe.configure({ mode: 'serial' });

const PCSCD = '/usr/sbin/pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const BRIDGE_PORT = 47810;
const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

function bin(name: 'CARD_BRIDGE_BIN' | 'VIRTUAL_CARD_BIN'): string {
  const path = process.env[name];
  if (!path) throw new Error(`${name} is not set: run this spec through cargo xtask e2e / test`);
  return path;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number | string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof port === 'number' ? connect(port, '127.0.0.1') : connect({ path: port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

let dir = '';
const children: ChildProcess[] = [];
let vpcdPort = 0;
let card: ChildProcess | undefined;

function start(what: string, program: string, args: string[]): ChildProcess {
  const log = openSync(join(dir, `${what}.log`), 'a');
  const child = spawn(program, args, { stdio: ['ignore', log, log] });
  children.push(child);
  return child;
}

interface Placing {
  /** The demo person whose card it is (ichiro unless said). */
  person?: string;
  /** Pulled off the reader at its (N+1)th APDU. */
  removeAfter?: number;
  /** Its (N+1)th APDU left unanswered: the read hangs there. */
  stallAfter?: number;
}

/** Places a demo person's card on the virtual reader. */
async function placeCard(serverUrl: string, { person = 'ichiro', removeAfter, stallAfter }: Placing = {}): Promise<ChildProcess> {
  const extra = [
    ...(removeAfter === undefined ? [] : ['--remove-after', String(removeAfter)]),
    ...(stallAfter === undefined ? [] : ['--stall-after', String(stallAfter)]),
  ];
  return start('card', bin('VIRTUAL_CARD_BIN'), ['--vpcd', `127.0.0.1:${vpcdPort}`, '--portal', serverUrl, '--person', person, ...extra]);
}

/** Stops a program (SIGKILL: as a crash, nothing said on the way out) and waits until it is gone. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await expect.poll(() => child.exitCode !== null || child.signalCode !== null, { timeout: 10_000 }).toBe(true);
}

/** Takes the card on the reader off and places another. */
async function swapCard(serverUrl: string, placing: Placing = {}): Promise<void> {
  await stop(card);
  card = await placeCard(serverUrl, placing);
}

let bridge: ChildProcess | undefined;

async function startBridge(serverUrl: string): Promise<void> {
  bridge = start('bridge', bin('CARD_BRIDGE_BIN'), ['--origin', serverUrl, '--port', String(BRIDGE_PORT), '--log', 'trace']);
  await expect.poll(() => listening(BRIDGE_PORT), { message: `the bridge listens (${logs()})`, timeout: 15_000 }).toBe(true);
}

/** Card login through the PC reader: 「マイナンバーカードでログイン」, the PIN, the read. */
async function logInWithTheCard(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  await new CardReadScreen(page).read();
  await expect(page).toHaveURL(/\/license$/);
}

/** The programs' logs, for a failure's message. */
function logs(): string {
  return ['pcscd', 'card', 'bridge']
    .map((name) => {
      try {
        return `${name}.log:\n${readFileSync(join(dir, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n')}`;
      } catch {
        return `${name}.log: none`;
      }
    })
    .join('\n');
}

function bridgeLog(): string {
  return readFileSync(join(dir, 'bridge.log'), 'utf8');
}

/** APDUs the bridge carried to pcscd so far (its trace log: one `>` line each). */
function apdusThroughPcscd(): number {
  return bridgeLog().split('\n').filter((l) => l.startsWith('myna-card-bridge Trace: >')).length;
}

test.beforeAll(async ({ serverUrl }) => {
  dir = mkdtempSync(join(tmpdir(), 'myna-pc-reader-'));
  vpcdPort = await freePort();
  // Its own folder: pcscd reads every file of it as reader configuration (never the logs).
  const conf = join(dir, 'reader.conf.d');
  mkdirSync(conf);
  writeFileSync(join(conf, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${vpcdPort}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${vpcdPort}\n`);
  start('pcscd', PCSCD, ['--foreground', '--info', '--config', conf]);
  // The bridge needs the PC/SC service up (it says so and stops otherwise).
  await expect.poll(() => listening(PCSCD_SOCKET), { message: `pcscd answers on ${PCSCD_SOCKET}`, timeout: 15_000 }).toBe(true);
  card = await placeCard(serverUrl);
  await startBridge(serverUrl);
});

test.afterAll(() => {
  console.log(`pc-reader.spec: the programs' last log lines\n${logs()}`);
  for (const child of children.reverse()) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('card login and the whole link flow go through pcscd and the bridge', async ({ page }) => {
  await page.goto('/login');
  // The PC reader, not the demo's remote reader: no demo people to choose.
  const login = page.getByRole('button', { name: 'マイナンバーカードでログイン' });
  await expect(login).toBeVisible();
  await expect(page.getByRole('button', { name: '免許 太郎' })).toHaveCount(0);
  const remote: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/card/')) remote.push(r.url());
  });
  const before = apdusThroughPcscd();
  await login.click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  const screen = new CardReadScreen(page);
  await expect(screen.heading).toBeVisible();
  // The PC reader's own guidance.
  await expect(page.getByText('パソコンにつないだICカードリーダーにマイナンバーカードを置いてから、「読み取り開始」を押してください。')).toBeVisible();
  await screen.read();
  await expect(page).toHaveURL(/\/license$/);
  const loginApdus = apdusThroughPcscd() - before;

  const flow = new LinkFlow(page);
  await flow.start();
  await flow.toSend();
  await flow.readCardInfo();
  await flow.sendAttributes();
  await flow.agreeToTerms();
  await flow.sign();
  expect(await isLinked(page)).toBe(true);
  const linkApdus = apdusThroughPcscd() - before - loginApdus;
  expect(remote, 'the page itself never used the demo reader').toEqual([]);
  expect(loginApdus).toBeGreaterThan(5);
  expect(linkApdus).toBeGreaterThan(10);
  const log = bridgeLog();
  for (const pin of ['31323334', '414243313233']) expect(log, 'no PIN in the bridge log at trace').not.toContain(pin);
  test.info().annotations.push({ type: 'apdus through pcscd', description: `login ${loginApdus}, link flow ${linkApdus}` });
  console.log(`APDUs through pcscd: card login ${loginApdus}, link flow ${linkApdus}`);
});

test('a card pulled off the reader mid-read gives the removal message, and placed again it reads', async ({ page, serverUrl }) => {
  // A card that leaves at its fourth APDU: inside the login read.
  await swapCard(serverUrl, { removeAfter: 3 });
  await page.goto('/login');
  await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  const screen = new CardReadScreen(page);
  await screen.start.click();
  await expect(page.getByRole('status').filter({ hasText: /カードが離れました/ })).toBeVisible({ timeout: CARD_READ_TIMEOUT });
  await expect(screen.heading).toBeVisible();

  await swapCard(serverUrl);
  await screen.retry.click();
  await waitForCardRead(page);
  await expect(page).toHaveURL(/\/license$/);
});

test('免許 太郎 signs a one-stop consent with his card through pcscd and the bridge', async ({ page, serverUrl }) => {
  await swapCard(serverUrl, { person: 'taro' });
  await logInWithTheCard(page);
  await page.goto('/license/onestop/start');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('住所変更ワンストップサービス等利用同意');
  await agreeToTerms(page);
  await expect(page).toHaveURL(/\/license\/onestop\/start\/items$/);
  await page.getByRole('group', { name: '生年月日', exact: true }).getByRole('radio', { name: '同意する', exact: true }).check();
  await page.getByRole('button', { name: '利用を開始' }).click();

  const before = apdusThroughPcscd();
  await new PinDialog(page, PIN_DIALOG.signing).submit('ABC123');
  const screen = new CardReadScreen(page);
  await expect(page.getByText('パソコンにつないだICカードリーダーにマイナンバーカードを置いてから、「読み取り開始」を押してください。')).toBeVisible();
  await screen.read();
  await expect(page).toHaveURL(/\/license\/onestop\/start\/done$/);
  await expect(page.getByRole('row', { name: /申請状況/ }).getByRole('cell')).toHaveText('受付済');
  const signApdus = apdusThroughPcscd() - before;
  // The signing read: select the JPKI AP, the signing certificate, VERIFY with the signing
  // PIN, the signature: it went through the reader, not the demo's.
  expect(signApdus).toBeGreaterThan(4);
  const apps = await (await page.request.get('/api/applications')).json();
  expect(apps.filter((a: { kind: string }) => a.kind === 'onestop_consent')).toHaveLength(1);
  expect(bridgeLog(), 'no signing PIN in the bridge log at trace').not.toContain('414243313233');
  test.info().annotations.push({ type: 'apdus through pcscd', description: `one-stop signing ${signApdus}` });
  console.log(`APDUs through pcscd: one-stop signing ${signApdus}`);
});

test('the bridge stopped mid-read gives the removal message, never a hang; started again it reads', async ({ page, serverUrl }) => {
  // A card that holds its fourth APDU unanswered: the login read waits on the card, inside
  // the bridge's transceive, when the bridge goes away.
  await swapCard(serverUrl, { stallAfter: 3 });
  await page.goto('/login');
  await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
  await new PinDialog(page, PIN_DIALOG.auth).submit('1234');
  const screen = new CardReadScreen(page);
  const held = apdusThroughPcscd();
  await screen.start.click();
  await expect.poll(() => apdusThroughPcscd() - held, { message: 'the read reached the held APDU' }).toBeGreaterThan(3);
  await stop(bridge);
  await expect(page.getByRole('status').filter({ hasText: /カードが離れました/ })).toBeVisible({ timeout: CARD_READ_TIMEOUT });
  await expect(screen.heading).toBeVisible();

  await swapCard(serverUrl);
  await startBridge(serverUrl);
  await screen.retry.click();
  await waitForCardRead(page);
  await expect(page).toHaveURL(/\/license$/);
});
