import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn } from './apiClient';
import { type ServerProcess, startServerProcess } from './startServerProcess';

const CHROMIUM = '/usr/bin/chromium';
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const BUILD_WEB = fileURLToPath(new URL('../scripts/buildWeb.mjs', import.meta.url));
const XSS_TITLE = '<img src=x onerror=alert(1)>';
/**
 * Where the two screenshots go: `docs/` with GAVEL_UPDATE_SCREENSHOTS=1 (to refresh the docs' pictures),
 * otherwise a temporary folder, so that a test run leaves the checkout as it was.
 */
const SHOTS =
  process.env.GAVEL_UPDATE_SCREENSHOTS === '1' ? DOCS : mkdtempSync(join(tmpdir(), 'gavel-screenshots-'));

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing, and CI is set: install it with apt-get install -y chromium`);
if (!hasChromium)
  console.warn(
    `SKIPPED the browser test: ${CHROMIUM} is missing (apt-get install -y chromium); CI never skips it`,
  );

/** Everything a page received from the server: API bodies and feed frames. */
const recordTraffic = (page: Page): string[] => {
  const seen: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/'))
      response.text().then(
        (text) => seen.push(text),
        () => undefined,
      );
  });
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => seen.push(String(frame.payload))));
  return seen;
};

const signInThroughPage = async (page: Page, name: string): Promise<void> => {
  await page.getByTestId('signin-name').fill(name);
  await page.getByTestId('signin-submit').click();
  await expect.poll(() => page.getByTestId('viewer-name').textContent(), { timeout: 10_000 }).toBe(name);
};

describe.skipIf(!hasChromium)('the page in Chromium, two users', () => {
  let server: ServerProcess;
  let browser: Browser;
  let directory: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  /** Console messages about the Content-Security-Policy: the page must need no exception to it. */
  const policyViolations: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gavel-browser-'));
    // The bundle of the current sources, built as a fresh clone's `pnpm start` builds it (no source map).
    const built = spawnSync(process.execPath, [BUILD_WEB], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`buildWeb failed:\n${built.stderr}`);
    server = await startServerProcess({
      GAVEL_STORE: `sqlite:${join(directory, 'gavel.db')}`,
      GAVEL_SECRET: 'browser-test-secret',
      GAVEL_DEMO: 'off',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
    if (SHOTS !== DOCS) rmSync(SHOTS, { recursive: true, force: true });
  });

  /** Records a page's dialogs, errors and policy violations; answers what it receives (`recordTraffic`). */
  const watchPage = (page: Page): string[] => {
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    return recordTraffic(page);
  };

  const openContext = async (): Promise<{ context: BrowserContext; page: Page; traffic: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    return { context, page, traffic: watchPage(page) };
  };

  it('serves the bundle with the security headers, and no source map', async () => {
    const bundle = await request(server.url, 'GET', '/assets/app.js');
    expect(bundle.status).toBe(200);
    expect(bundle.text).not.toContain('sourceMappingURL');
    expect(bundle.headers.get('x-frame-options')).toBe('DENY');
    expect((await request(server.url, 'GET', '/assets/app.js.map')).status).toBe(404);
    const page = await request(server.url, 'GET', '/');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).not.toContain('https:');
  });

  it('lists a hostile title as text, and no script of it runs', async () => {
    const seller = await signIn(server.url, 'Seller');
    const created = await request(server.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: XSS_TITLE, startingPrice: 500, durationMs: 600_000 },
    });
    expect(created.status).toBe(201);
    const { context, page } = await openContext();
    await page.goto(server.url);
    const title = page.getByTestId('card-title').filter({ hasText: XSS_TITLE });
    await expect.poll(() => title.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
    await page.goto(`${server.url}/auctions/${created.body.auctionId}`);
    await expect.poll(() => page.getByTestId('title').textContent(), { timeout: 10_000 }).toBe(XSS_TITLE);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('moves the countdown when a late bid extends the end (soft close)', async () => {
    const seller = await signIn(server.url, 'Seller');
    const created = await request(server.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: {
        title: 'Soft-closed lot',
        startingPrice: 1000,
        durationMs: 30_000,
        softClose: { windowMs: 40_000, extendMs: 120_000 },
      },
    });
    expect(created.status).toBe(201);
    const { context, page } = await openContext();
    await page.goto(`${server.url}/auctions/${created.body.auctionId}`);
    const seconds = async () => {
      const match = /^(\d+):(\d\d)$/.exec((await page.getByTestId('countdown').textContent()) ?? '');
      return match === null ? Number.NaN : Number(match[1]) * 60 + Number(match[2]);
    };
    await expect.poll(seconds, { timeout: 10_000 }).toBeLessThanOrEqual(30);
    const bidder = await signIn(server.url, 'Late bidder');
    const late = await request(server.url, 'POST', `/api/auctions/${created.body.auctionId}/bids`, {
      cookie: bidder.cookie,
      body: { amount: 1000 },
    });
    expect(late.status).toBe(200);
    // The end moved to two minutes after the bid: the page follows it with no reload.
    await expect.poll(seconds, { timeout: 5000 }).toBeGreaterThan(100);
    await expect
      .poll(() => page.getByTestId('history').locator('li[data-kind="extended"]').count(), { timeout: 5000 })
      .toBe(1);
    await context.close();
  });

  it('max, outbid at once, live price without reload, no one sees the other max, countdown to the outcome', async () => {
    const alice = await openContext();
    const bob = await openContext();
    await alice.page.goto(server.url);
    await signInThroughPage(alice.page, 'Alice');
    await bob.page.goto(server.url);
    await signInThroughPage(bob.page, 'Bob');

    // A short auction, listed once both users are ready: its countdown reaches zero in this test.
    const seller = await signIn(server.url, 'Seller');
    const created = await request(server.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'Brass telescope', startingPrice: 1000, durationMs: 20_000 },
    });
    expect(created.status).toBe(201);
    const auctionPath = `/auctions/${created.body.auctionId}`;
    await alice.page.goto(server.url + auctionPath);
    await bob.page.goto(server.url + auctionPath);
    for (const { page } of [alice, bob]) {
      await expect
        .poll(() => page.getByTestId('min-next-bid').textContent(), { timeout: 10_000 })
        .toBe('$10.00');
      expect(await page.getByTestId('leader-status').textContent()).toBe('');
      expect(await page.getByTestId('outcome').textContent()).toBe('');
    }

    // Alice sets a secret max of $57.35: she leads at the starting price.
    await alice.page.getByTestId('max-amount').fill('57.35');
    await alice.page.getByTestId('max-submit').click();
    await expect
      .poll(() => alice.page.getByTestId('leader-status').textContent(), { timeout: 5000 })
      .toContain('leading');
    await expect.poll(() => bob.page.getByTestId('price').textContent(), { timeout: 5000 }).toBe('$10.00');

    // Bob bids $20.00: Alice's proxy answers at once (ebayUsd: $20.00 + $0.50; at $30.00, + $1.00), Bob is outbid.
    await bob.page.getByTestId('bid-amount').fill('20.00');
    await bob.page.getByTestId('bid-submit').click();
    await expect
      .poll(() => bob.page.getByTestId('leader-status').textContent(), { timeout: 5000 })
      .toContain('outbid');
    expect(await bob.page.getByTestId('price').textContent()).toBe('$20.50');
    // Alice's page moves within a second of Bob's answer, with no reload.
    const seenAt = Date.now();
    await expect
      .poll(() => alice.page.getByTestId('price').textContent(), { timeout: 1000, interval: 25 })
      .toBe('$20.50');
    expect(Date.now() - seenAt).toBeLessThan(1000);
    expect(await alice.page.getByTestId('leader-status').textContent()).toContain('leading');
    expect(await alice.page.getByTestId('leader-status').textContent()).not.toContain('outbid');
    // Alice's $10.00, then, as eBay shows it, Bob's beaten $20.00 and the automatic answer.
    await expect.poll(() => bob.page.getByTestId('history').locator('li').count(), { timeout: 5000 }).toBe(3);
    expect(await bob.page.getByTestId('history').locator('li[data-automatic="true"]').count()).toBe(1);
    expect(await bob.page.getByTestId('history').locator('li[data-kind="beaten"]').textContent()).toMatch(
      /: \$20\.00, you$/,
    );

    // A reload resumes the live view.
    await alice.page.reload();
    await expect
      .poll(() => alice.page.getByTestId('price').textContent(), { timeout: 10_000 })
      .toBe('$20.50');
    expect(await alice.page.getByTestId('leader-status').textContent()).toContain('leading');
    await bob.page.getByTestId('bid-amount').fill('30.00');
    await bob.page.getByTestId('bid-submit').click();
    await expect.poll(() => alice.page.getByTestId('price').textContent(), { timeout: 5000 }).toBe('$31.00');
    await expect
      .poll(() => alice.page.getByTestId('history').locator('li').count(), { timeout: 5000 })
      .toBe(5);

    mkdirSync(SHOTS, { recursive: true });
    await bob.page.screenshot({ path: join(SHOTS, 'auction-house-auction.png'), fullPage: true });
    await alice.page.goto(server.url);
    await expect
      .poll(() => alice.page.getByTestId('auction-card').count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    // "Your bids" shows Alice her own max, and that she leads.
    await expect
      .poll(() => alice.page.getByTestId('my-bids').textContent(), { timeout: 10_000 })
      .toMatch(/Brass telescope: your max \$57\.35, leading/);
    await alice.page.screenshot({ path: join(SHOTS, 'auction-house-list.png'), fullPage: true });
    for (const name of ['auction-house-auction.png', 'auction-house-list.png'])
      expect(statSync(join(SHOTS, name)).size).toBeGreaterThan(10_000);
    await alice.page.goto(server.url + auctionPath);

    // The auction closes: both countdowns say so, in the same words, with no time left on either.
    await expect
      .poll(
        async () =>
          (await request(server.url, 'GET', `/api/auctions/${created.body.auctionId}`)).body.view.status,
        { timeout: 30_000 },
      )
      .toBe('closed');
    for (const { page } of [alice, bob])
      await expect
        .poll(() => page.getByTestId('countdown').textContent(), { timeout: 10_000 })
        .toBe('closed');
    const final = await request(server.url, 'GET', `/api/auctions/${created.body.auctionId}`);
    expect(final.status).toBe(200);
    const winner = final.body.view.outcome.winnerId as string;
    expect(winner).toMatch(/^[a-z2-7]{8}$/);

    // Both outcome elements hold the winner's masked id, as the API has it. The winner reads "You won",
    // with their id beside it; the other reads the masked id.
    for (const { page } of [alice, bob])
      await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 10_000 }).toBe(winner);
    expect(await alice.page.getByTestId('outcome-text').textContent()).toBe(
      `You won (as ${winner}) for $31.00.`,
    );
    expect(await bob.page.getByTestId('outcome-text').textContent()).toBe(`Sold to ${winner} for $31.00.`);
    expect(await alice.page.getByTestId('leader-status').textContent()).toContain('leading');
    expect(await bob.page.getByTestId('leader-status').textContent()).toContain('outbid');
    // "you" wherever the masked id is the reader's own: the leader line and every history line.
    expect(await alice.page.getByTestId('leader').textContent()).toBe('you');
    expect(await bob.page.getByTestId('leader').textContent()).toBe(winner);
    await expect
      .poll(() => alice.page.getByTestId('history').locator('li[data-kind="closed"]').textContent(), {
        timeout: 5000,
      })
      .toMatch(/closed, sold to you for \$31\.00$/);
    expect(await bob.page.getByTestId('history').locator('li[data-kind="closed"]').textContent()).toMatch(
      new RegExp(`closed, sold to ${winner} for \\$31\\.00$`),
    );
    expect(await alice.page.getByTestId('history').textContent()).not.toContain(winner);
    expect(await alice.page.getByTestId('history').locator('li[data-you="true"]').count()).toBe(4);
    // Bob's own lines are his two beaten bids; no other line is his.
    expect(await bob.page.getByTestId('history').locator('li[data-you="true"]').count()).toBe(2);
    expect(
      await bob.page.getByTestId('history').locator('li[data-kind="beaten"][data-you="true"]').count(),
    ).toBe(2);
    for (const line of await bob.page
      .getByTestId('history')
      .locator('li:not([data-kind="beaten"])')
      .allTextContents())
      expect(line).not.toMatch(/\byou\b/);

    // Neither page ever received the other's max: Alice's $57.35 never reached Bob, in any form.
    const aliceMax = /\b5735\b|\$57\.35/;
    expect(bob.traffic.filter((text) => aliceMax.test(text))).toEqual([]);
    expect(await bob.page.locator('body').textContent()).not.toMatch(/\$57\.35/);
    expect(alice.traffic.some((text) => aliceMax.test(text))).toBe(true); // her own, to her alone
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);
    await alice.context.close();
    await bob.context.close();
  }, 60_000);

  it('retraction: a proxy answers (beaten and automatic lines), the outbid bidder retracts on the page, the price falls back live', async () => {
    const alice = await openContext();
    const bob = await openContext();
    await alice.page.goto(server.url);
    await signInThroughPage(alice.page, 'Alice');
    await bob.page.goto(server.url);
    await signInThroughPage(bob.page, 'Bob');
    // A day long: more than 12 hours left, so a retraction withdraws all of a bidder's bids.
    const seller = await signIn(server.url, 'Seller');
    const created = await request(server.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'Walnut bureau', startingPrice: 1000, durationMs: 86_400_000 },
    });
    expect(created.status).toBe(201);
    const auctionId = created.body.auctionId as string;
    for (const { page } of [alice, bob]) {
      await page.goto(`${server.url}/auctions/${auctionId}`);
      await expect
        .poll(() => page.getByTestId('price').textContent(), { timeout: 10_000 })
        .toBe('No bids yet');
      // Nothing to retract before a bid.
      expect(await page.getByTestId('retract-bid').isVisible()).toBe(false);
    }
    const history = (page: Page) => page.getByTestId('history').locator(':scope > li');

    // Alice sets a max of $52.35: she leads at $10.00, and may retract it.
    await alice.page.getByTestId('max-amount').fill('52.35');
    await alice.page.getByTestId('max-submit').click();
    await expect
      .poll(() => alice.page.getByTestId('leader-status').textContent(), { timeout: 5000 })
      .toContain('leading');
    await expect.poll(() => alice.page.getByTestId('retract-bid').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await alice.page.getByTestId('retract-scope').textContent()).toContain('all your bids');

    // Bob bids $20.00; Alice's proxy answers at $20.50. Both histories show Bob's $20.00 on a line of its
    // own, then the automatic $20.50: Bob's own line says "you", Alice's names him by his masked id.
    await bob.page.getByTestId('bid-amount').fill('20.00');
    await bob.page.getByTestId('bid-submit').click();
    await expect
      .poll(() => bob.page.getByTestId('leader-status').textContent(), { timeout: 5000 })
      .toContain('outbid');
    await expect.poll(() => alice.page.getByTestId('price').textContent(), { timeout: 5000 }).toBe('$20.50');
    for (const { page } of [alice, bob])
      await expect.poll(async () => (await history(page).all()).length, { timeout: 5000 }).toBe(3);
    const kinds = (page: Page) =>
      history(page).evaluateAll((lines) => lines.map((line) => line.getAttribute('data-kind')));
    expect(await kinds(bob.page)).toEqual(['bid', 'beaten', 'bid']);
    const bobLines = await history(bob.page).allTextContents();
    expect(bobLines[1]).toMatch(/: \$20\.00, you$/);
    expect(bobLines[2]).toMatch(/: \$20\.50, [a-z2-7]{8}automatic$/);
    const aliceLines = await history(alice.page).allTextContents();
    const bobMasked = /: \$20\.00, ([a-z2-7]{8})$/.exec(aliceLines[1] ?? '')?.[1];
    expect(bobMasked).toBeDefined();
    expect(aliceLines[2]).toMatch(/: \$20\.50, youautomatic$/);
    expect(await history(alice.page).nth(2).getAttribute('data-automatic')).toBe('true');

    // Bob retracts through the page: a typing mistake.
    await expect.poll(() => bob.page.getByTestId('retract-bid').isVisible(), { timeout: 5000 }).toBe(true);
    await bob.page.getByTestId('retract-reason').selectOption('typo');
    await bob.page.getByTestId('retract-submit').click();
    await expect
      .poll(() => bob.page.getByTestId('retract-result').textContent(), { timeout: 5000 })
      .toBe('Your bid was retracted.');
    // Alice's max alone is left: the price falls back to $10.00, on Bob's page and, live, on Alice's.
    await expect.poll(() => bob.page.getByTestId('price').textContent(), { timeout: 5000 }).toBe('$10.00');
    await expect.poll(() => alice.page.getByTestId('price').textContent(), { timeout: 5000 }).toBe('$10.00');
    expect(await alice.page.getByTestId('leader-status').textContent()).toContain('leading');
    // The retraction has a line in words, naming no one who retracted; Bob holds no offer any more.
    for (const { page } of [alice, bob])
      await expect
        .poll(() => page.getByTestId('history').locator('li[data-kind="retracted"]').textContent(), {
          timeout: 5000,
        })
        .toMatch(/: a bid was retracted: now \$10\.00, /);
    expect(
      await alice.page.getByTestId('history').locator('li[data-kind="retracted"]').textContent(),
    ).toMatch(/now \$10\.00, you$/);
    await expect.poll(() => bob.page.getByTestId('retract-bid').isVisible(), { timeout: 5000 }).toBe(false);
    await expect.poll(() => bob.page.getByTestId('your-offer').textContent(), { timeout: 5000 }).toBe('');
    expect(await bob.page.getByTestId('leader-status').textContent()).toBe('');
    const bobBids = await bob.context.request.get(`${server.url}/api/me/bids`);
    expect(
      ((await bobBids.json()).bids as { auctionId: string }[]).filter(
        (entry) => entry.auctionId === auctionId,
      ),
    ).toEqual([]);

    // Alice retracts elsewhere (another tab's request): her page still offers it; clicking shows the refusal.
    const elsewhere = await alice.context.request.post(`${server.url}/api/auctions/${auctionId}/retract`, {
      data: { reason: 'seller-unreachable' },
    });
    expect(elsewhere.status()).toBe(200);
    await expect
      .poll(() => alice.page.getByTestId('price').textContent(), { timeout: 5000 })
      .toBe('No bids yet');
    await alice.page.getByTestId('retract-submit').click();
    await expect
      .poll(() => alice.page.getByTestId('retract-result').textContent(), { timeout: 5000 })
      .toMatch(/.+/);
    expect(await alice.page.getByTestId('retract-result').getAttribute('class')).toBe('error');
    await expect.poll(() => alice.page.getByTestId('retract-bid').isVisible(), { timeout: 5000 }).toBe(false);

    // No page ever received the other's raw user id or Alice's max.
    const ids = await Promise.all(
      [alice, bob].map(({ page }) =>
        page.evaluate(async () => (await (await fetch('/api/session')).json()).userId as string),
      ),
    );
    expect(alice.traffic.filter((text) => text.includes(ids[1] as string))).toEqual([]);
    expect(bob.traffic.filter((text) => text.includes(ids[0] as string))).toEqual([]);
    expect(bob.traffic.filter((text) => /\b5235\b|\$52\.35/.test(text))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);
    await alice.context.close();
    await bob.context.close();
  }, 60_000);

  it('notifications: outbid live on another page, then won, lost and sold; kept while away; nobody else’s', async () => {
    /** The sentences of a page's notifications, newest first (each item's link). */
    const notices = (page: Page): Promise<string[]> =>
      page.getByTestId('notifications').locator(':scope > li > a').allTextContents();
    const signedIn = async (name: string) => {
      const user = await openContext();
      await user.page.goto(server.url);
      await signInThroughPage(user.page, name);
      return user;
    };
    const [ann, ben, cid, dee, sal] = await Promise.all([
      signedIn('Ann'),
      signedIn('Ben'),
      signedIn('Cid'),
      signedIn('Dee'),
      signedIn('Sal'),
    ]);
    const users = [ann, ben, cid, dee, sal];
    // Signed in, each has an empty panel; nobody's raw id is on any page but in their own cookie.
    const userIds = await Promise.all(
      users.map(async ({ page }) => {
        const panel = page.getByRole('complementary', { name: 'Notifications' });
        await expect.poll(() => panel.isVisible(), { timeout: 5000 }).toBe(true);
        await expect.poll(() => panel.textContent(), { timeout: 5000 }).toContain('No notifications yet.');
        expect(await notices(page)).toEqual([]);
        return page.evaluate(async () => (await (await fetch('/api/session')).json()).userId as string);
      }),
    );
    for (const id of userIds) expect(id).toMatch(/^u_/);

    // The seller lists Y (long) and X (short: it closes during the test).
    const list = async (title: string, durationMs: number): Promise<string> => {
      const answer = await sal.context.request.post(`${server.url}/api/auctions`, {
        data: { title, startingPrice: 1000, durationMs },
      });
      expect(answer.status()).toBe(201);
      return (await answer.json()).auctionId as string;
    };
    const y = await list('Oak writing desk', 600_000);
    const x = await list('Brass lantern', 8_000);
    const openAuction = async (page: Page, auctionId: string, title: string): Promise<void> => {
      await page.goto(`${server.url}/auctions/${auctionId}`);
      await expect.poll(() => page.getByTestId('title').textContent(), { timeout: 5000 }).toBe(title);
    };
    await Promise.all([ann, ben, cid, dee].map(({ page }) => openAuction(page, x, 'Brass lantern')));
    const setOffer = async (page: Page, kind: 'bid' | 'max', amount: string): Promise<void> => {
      await page.getByTestId(`${kind}-amount`).fill(amount);
      await page.getByTestId(`${kind}-submit`).click();
      await expect
        .poll(() => page.getByTestId('leader-status').textContent(), { timeout: 5000 })
        .toContain('leading');
    };

    // D bids and leaves (closes the page; the context keeps the cookie) long before the end.
    await setOffer(dee.page, 'bid', '10.00');
    await dee.page.close();
    // A sets a max (outbidding D, who is away), then goes to another auction's page.
    await setOffer(ann.page, 'max', '20.00');
    await openAuction(ann.page, y, 'Oak writing desk');
    // B outbids A on X: A's page, on Y, says so within a few seconds.
    await setOffer(ben.page, 'max', '30.00');
    const outbidAt = Date.now();
    const outbidText = 'You were outbid on Brass lantern: now $20.50, bid $21.00 or more';
    await expect.poll(() => notices(ann.page), { timeout: 5000, interval: 50 }).toEqual([outbidText]);
    expect(Date.now() - outbidAt).toBeLessThan(5000);
    const annList = ann.page.getByTestId('notifications');
    expect(await annList.locator('li[data-kind="outbid"]').getAttribute('class')).toContain(
      'notification-new',
    );
    expect(await annList.locator('li > a').getAttribute('href')).toBe(`/auctions/${x}`);
    expect(
      (await request(server.url, 'GET', `/api/auctions/${x}`)).body.view.status,
      'the bidding took longer than the auction: raise its durationMs',
    ).toBe('open');

    // X closes: A lost, B won, the seller (on the list page) sold, each on the page they are on.
    await expect
      .poll(async () => (await request(server.url, 'GET', `/api/auctions/${x}`)).body.view.status, {
        timeout: 20_000,
      })
      .toBe('closed');
    await expect
      .poll(() => notices(ann.page), { timeout: 5000 })
      .toEqual(['You lost Brass lantern (sold for $20.50)', outbidText]);
    await expect
      .poll(() => notices(ben.page), { timeout: 5000 })
      .toEqual(['You won Brass lantern for $20.50']);
    await expect
      .poll(() => notices(sal.page), { timeout: 5000 })
      .toEqual(['You sold Brass lantern for $20.50']);

    // D comes back in a new page of the same context: their notifications were kept.
    const back = await dee.context.newPage();
    const deeTraffic = watchPage(back);
    await back.goto(server.url);
    await expect
      .poll(() => notices(back), { timeout: 5000 })
      .toEqual([
        'You lost Brass lantern (sold for $20.50)',
        'You were outbid on Brass lantern: now $10.50, bid $11.00 or more',
      ]);

    // C watched X throughout and bid on nothing: not a word.
    expect(await notices(cid.page)).toEqual([]);
    expect(await cid.page.getByTestId('notifications').locator('li').count()).toBe(0);

    // No notification names a user by raw id, and no page ever received another user's raw id.
    for (const page of [ann.page, ben.page, cid.page, back, sal.page]) {
      const text = (await page.getByTestId('notifications').textContent()) ?? '';
      expect(text).not.toMatch(/\bu_[A-Za-z0-9_-]{8,}/);
      for (const id of userIds) expect(text).not.toContain(id);
    }
    const traffic = [ann.traffic, ben.traffic, cid.traffic, [...dee.traffic, ...deeTraffic], sal.traffic];
    traffic.forEach((seen, i) => {
      const others = userIds.filter((_, j) => j !== i);
      expect(seen.filter((text) => others.some((id) => text.includes(id)))).toEqual([]);
    });

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);
    for (const user of users) await user.context.close();
  }, 60_000);

  it('notifications that arose while the feed was down appear after it reconnects, none twice', async () => {
    const eve = await openContext();
    // Eve's feed connections pass through this route: while `down`, each is closed at once, so the
    // page's feed client keeps reconnecting and no frame reaches it.
    let down = false;
    const open: WebSocketRoute[] = [];
    await eve.context.routeWebSocket(/\/feed$/, (socket) => {
      if (down) {
        void socket.close({ code: 1001, reason: 'going away' });
        return;
      }
      socket.connectToServer();
      open.push(socket);
    });
    await eve.page.goto(server.url);
    await signInThroughPage(eve.page, 'Eve');
    const notices = () => eve.page.getByTestId('notifications').locator(':scope > li > a').allTextContents();
    const seller = await signIn(server.url, 'Seller');
    const rival = await signIn(server.url, 'Fay');
    const created = await request(server.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'Walnut chess set', startingPrice: 1000, durationMs: 600_000 },
    });
    const path = `/api/auctions/${created.body.auctionId}/bids`;
    const bid = async (cookie: string, maxAmount: number) =>
      expect((await request(server.url, 'POST', path, { cookie, body: { maxAmount } })).status).toBe(200);
    const eveCookie = (await eve.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    // Outbid once while connected: live.
    await bid(eveCookie, 1200);
    await bid(rival.cookie, 1500);
    const first = 'You were outbid on Walnut chess set: now $12.50, bid $13.00 or more';
    await expect.poll(notices, { timeout: 5000 }).toEqual([first]);

    // The connection drops and stays down; meanwhile Eve is outbid again.
    down = true;
    for (const socket of open.splice(0)) await socket.close({ code: 1001, reason: 'going away' });
    await expect
      .poll(() => eve.page.locator('#connection').textContent(), { timeout: 5000 })
      .toBe('Offline: reconnecting…');
    await bid(eveCookie, 2000);
    await bid(rival.cookie, 2500);
    const stored = async () =>
      (
        (await request(server.url, 'GET', '/api/me/notifications', { cookie: eveCookie })).body
          .notifications as unknown[]
      ).length;
    await expect.poll(stored, { timeout: 5000 }).toBe(2);
    expect(await notices()).toEqual([first]);

    // Back up: the feed client reconnects by itself and the page reads the list again.
    down = false;
    const second = 'You were outbid on Walnut chess set: now $20.50, bid $21.00 or more';
    await expect.poll(notices, { timeout: 10_000 }).toEqual([second, first]);
    expect(await eve.page.locator('#connection').textContent()).toBe('Live');
    // Another drop and reconnect reads the same list again: nothing doubles.
    for (const socket of open.splice(0)) await socket.close({ code: 1001, reason: 'going away' });
    await expect.poll(() => open.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => eve.page.locator('#connection').textContent(), { timeout: 5000 }).toBe('Live');
    expect(await notices()).toEqual([second, first]);
    expect(pageErrors).toEqual([]);
    await eve.context.close();
  }, 60_000);
});
