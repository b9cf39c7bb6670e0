// Scripted viewings in a real browser (Debian's Chromium, driven by playwright-core) of a real
// clip on the local stack's player demo page, the SDK attached. After each, the session the
// aggregator built from the SDK's events is compared with the video element's own record of
// what it played (video.played): every boundary within 300 ms, uniqueWatchedMs within 1 %.
//
// Needs a running local stack: DEMO_URL (the player demo) and AGGREGATOR_URL, both printed by
// ./run-local-stack.sh; local-stack's PlayerSdkBrowserIT runs this file on its own stack.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';

const DEMO = process.env.DEMO_URL;
const AGGREGATOR = process.env.AGGREGATOR_URL;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TOLERANCE_MS = 300;

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let browser;

before(async () => {
  assert.ok(DEMO && AGGREGATOR, 'set DEMO_URL and AGGREGATOR_URL to a running local stack ' +
    '(DEMO_URL=http://127.0.0.1:8080 AGGREGATOR_URL=http://127.0.0.1:8082 npm run test:browser)');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(() => browser && browser.close());

/** One viewer in a fresh browser context on the demo page; every event the page sends is recorded. */
class Viewing {
  static async open(name, query = '') {
    const context = await browser.newContext();
    const page = await context.newPage();
    const viewing = new Viewing(name, context, page);
    page.on('request', (request) => viewing.record(request));
    page.on('pageerror', (error) => viewing.errors.push(String(error)));
    await page.goto(`${DEMO}/?user=${viewing.user}${query}`);
    await page.waitForFunction(() => window.demo !== undefined);
    await page.evaluate(() => window.demo.ready);
    return viewing;
  }

  constructor(name, context, page) {
    this.user = `browser-${name}-${Date.now().toString(36)}`;
    this.context = context;
    this.page = page;
    this.sent = new Map();
    this.errors = [];
  }

  record(request) {
    if (request.method() === 'POST' && request.url().endsWith('/v1/heartbeats')) {
      for (const event of JSON.parse(request.postData())) this.sent.set(`${event.playbackId}:${event.seq}`, event);
    }
  }

  eval(f, arg) {
    return this.page.evaluate(f, arg);
  }

  play() {
    return this.eval(() => window.demo.content.play());
  }

  /** Pauses; the position the element paused at. */
  pause() {
    return this.eval(() => {
      window.demo.content.pause();
      return Math.round(window.demo.content.currentTime * 1000);
    });
  }

  /** Jumps; the position the element left. */
  seek(seconds) {
    return this.eval((to) => {
      const from = Math.round(window.demo.content.currentTime * 1000);
      window.demo.content.currentTime = to;
      return from;
    }, seconds);
  }

  played() {
    return this.eval(() => window.demo.played(window.demo.content));
  }

  stats() {
    return this.eval(() => window.demo.tracker.stats());
  }

  playbackId() {
    return this.eval(() => window.demo.tracker.playbackId);
  }

  /** Waits until the SDK has every event answered 202. */
  async delivered() {
    for (let i = 0; i < 600; i++) {
      const stats = await this.stats();
      if (stats.queued === 0) return stats;
      await wait(100);
    }
    assert.fail(`${this.user}: events still queued after 60 s: ${JSON.stringify(await this.stats())}`);
  }

  /** The viewer's only session once it holds `events` events. */
  async session(events) {
    let last;
    for (let i = 0; i < 150; i++) {
      const response = await fetch(`${AGGREGATOR}/v1/users/${this.user}/sessions?offset=0&limit=20`);
      if (response.ok) {
        last = await response.json();
        if (last.total === 1 && last.sessions[0].eventCount >= events) return last.sessions[0];
      }
      await wait(200);
    }
    assert.fail(`${this.user}: no session with ${events} events in 30 s; last answer ${JSON.stringify(last)}`);
  }

  /** Waits until the page has sent an event of this type (up to 30 s). */
  async sentOne(type) {
    for (let i = 0; i < 300; i++) {
      if ([...this.sent.values()].some((event) => event.type === type)) return;
      await wait(100);
    }
    assert.fail(`${this.user}: no ${type} sent in 30 s`);
  }

  /** Events of the current playback the page sent (each once, whatever the retries). */
  distinctSent() {
    return this.sent.size;
  }

  close() {
    return this.context.close();
  }
}

/** The session against the element's played ranges; the differences, for the log. */
function assertMatches(session, played) {
  const segments = session.segments.map((s) => [s.startMs, s.endMs]);
  const detail = `segments ${JSON.stringify(segments)}, video.played ${JSON.stringify(played)}`;
  assert.equal(segments.length, played.length, detail);
  segments.forEach(([start, end], i) => {
    assert.ok(Math.abs(start - played[i][0]) <= TOLERANCE_MS, `start of segment ${i}: ${detail}`);
    assert.ok(Math.abs(end - played[i][1]) <= TOLERANCE_MS, `end of segment ${i}: ${detail}`);
  });
  const total = played.reduce((sum, [start, end]) => sum + end - start, 0);
  assert.ok(Math.abs(session.uniqueWatchedMs - total) <= total * 0.01,
    `uniqueWatchedMs ${session.uniqueWatchedMs} against ${total} played: ${detail}`);
  const boundary = Math.max(...segments.flatMap(([start, end], i) =>
    [Math.abs(start - played[i][0]), Math.abs(end - played[i][1])]));
  return `boundaries within ${boundary} ms, uniqueWatchedMs ${session.uniqueWatchedMs} against ${total} ms played ` +
    `(${((100 * Math.abs(session.uniqueWatchedMs - total)) / total).toFixed(2)} %)`;
}

/** Plays a script, then checks the session against video.played and the events sent. */
async function view(name, script, { query, check } = {}) {
  const viewing = await Viewing.open(name, query);
  try {
    const scripted = (await script(viewing)) || {};
    const played = scripted.played || (await viewing.played());
    const playbackId = scripted.playbackId || (await viewing.playbackId());
    const stats = scripted.left ? undefined : await viewing.delivered();
    const events = scripted.events || viewing.distinctSent();
    const session = await viewing.session(events);
    assert.equal(session.playbackId, playbackId);
    assert.equal(session.eventCount, events, 'every event the page sent counted once');
    const differences = assertMatches(session, played);
    if (check) await check(session, { viewing, scripted, stats, played });
    console.log(`${name}: ${session.eventCount} events, ${differences}`);
    assert.deepEqual(viewing.errors, []);
    return session;
  } finally {
    await viewing.close();
  }
}

describe('viewings in a real browser', { concurrency: true }, () => {
  it('play, pause, resume', () => view('pause', async (v) => {
    await v.play();
    await wait(6000);
    await v.pause();
    await wait(3000);
    await v.play();
    await wait(6000);
    await v.pause();
  }, {
    check: (session, { played }) => {
      assert.equal(played.length, 1);
      assert.ok(Math.abs(session.lastPositionMs - played[0][1]) <= TOLERANCE_MS);
    },
  }));

  it('seek back and rewatch', () => view('rewatch', async (v) => {
    await v.play();
    await wait(10000);
    const left = await v.seek(3);
    await wait(6000);
    const stopped = await v.pause();
    return { legs: left + (stopped - 3000) };
  }, {
    check: (session, { scripted }) => {
      assert.ok(Math.abs(session.playedMs - scripted.legs) <= 2 * TOLERANCE_MS,
        `playedMs ${session.playedMs} counts the rewatch: ${scripted.legs}`);
      assert.ok(session.playedMs > session.uniqueWatchedMs + 5000);
    },
  }));

  it('seek forward', () => view('forward', async (v) => {
    await v.play();
    await wait(5000);
    await v.seek(30);
    await wait(6000);
    await v.pause();
  }, {
    check: (session, { played }) => assert.equal(played.length, 2),
  }));

  it('playbackRate 2', () => view('rate', async (v) => {
    await v.eval(() => {
      window.demo.content.playbackRate = 2;
    });
    await v.play();
    await wait(12000);
    await v.pause();
  }, {
    check: (session, { played }) => {
      assert.ok(played[0][1] > 20000, `played twice as fast: ${JSON.stringify(played)}`);
      assert.ok(Math.abs(session.playedMs - session.uniqueWatchedMs) <= TOLERANCE_MS);
    },
  }));

  it('a stall', () => view('stall', async (v) => {
    await v.play();
    // the server holds the clip's bytes after about 20 s of it until 26 s after the page
    // asked for them: the element plays what it has, then waits about 6 s
    for (let i = 0; i < 400; i++) {
      const log = await v.eval(() => window.demo.log);
      const stalled = log.findIndex((e) => e.type === 'waiting' && e.at > 1000);
      if (stalled >= 0 && log.slice(stalled).some((e) => e.type === 'playing')) break;
      await wait(100);
    }
    await wait(4000);
    await v.pause();
    return { log: await v.eval(() => window.demo.log) };
  }, {
    query: '&stallAfter=40000&stallMs=26000',
    check: (session, { scripted, played }) => {
      const stall = scripted.log.findIndex((e) => e.type === 'waiting' && e.at > 1000);
      assert.ok(stall >= 0, `the element stalled mid-playback: ${JSON.stringify(scripted.log)}`);
      assert.ok(scripted.log.slice(stall).some((e) => e.type === 'playing'), 'and played on');
      assert.ok(played[0][1] > scripted.log[stall].at + 2000, 'for seconds after the stall');
    },
  }));

  it('an ad break with a skip', () => view('adskip', async (v) => {
    await v.play();
    await wait(4000);
    const ad = await v.eval(() => window.demo.adBreak({ adId: 'demo-ad-1', durationMs: 8000, skipAtMs: 5500 }));
    await wait(5000);
    await v.pause();
    return { ad };
  }, {
    check: (session, { scripted }) => {
      assert.equal(session.ads.length, 1);
      const [ad] = session.ads;
      assert.equal(ad.adId, 'demo-ad-1');
      assert.deepEqual([ad.skipped, ad.clicked, ad.completed], [true, false, false]);
      assert.ok(Math.abs(ad.adPlayedMs - scripted.ad.atMs) <= TOLERANCE_MS,
        `adPlayedMs ${ad.adPlayedMs}, skipped at ${scripted.ad.atMs}`);
      assert.ok(ad.maxContinuousMs >= 5000);
    },
  }));

  it('an ad break with a click', () => view('adclick', async (v) => {
    await v.play();
    await wait(3000);
    const ad = await v.eval(() => window.demo.adBreak({ adId: 'demo-ad-2', durationMs: 8000, clickAtMs: 2000 }));
    await wait(4000);
    await v.pause();
    return { ad };
  }, {
    check: (session, { scripted }) => {
      assert.equal(session.ads.length, 1);
      const [ad] = session.ads;
      assert.deepEqual([ad.skipped, ad.clicked, ad.completed], [false, true, true]);
      assert.ok(scripted.ad.clicked);
      assert.ok(Math.abs(ad.adPlayedMs - scripted.ad.atMs) <= TOLERANCE_MS);
    },
  }));

  it('the page goes away mid-playback: STOP on pagehide, by beacon', () => view('hidden', async (v) => {
    await v.play();
    // 2.5 s after the first heartbeat (sent at 5 s of content; on a busy machine the clip
    // may start late): without the STOP the session would end 2.5 s short
    await v.sentOne('HEARTBEAT');
    await wait(2500);
    const playbackId = await v.playbackId();
    const events = v.distinctSent() + 1; // and the STOP
    // away to a page of the same origin without the player, which reads back what the
    // element had played at pagehide (sessionStorage lives on in the tab)
    await v.page.goto(`${DEMO}/config.json`);
    const played = JSON.parse(await v.eval(() => sessionStorage.getItem('played-at-pagehide')));
    return { played, playbackId, events, left: true };
  }, {
    check: (session, { played }) => {
      assert.ok(Math.abs(session.lastPositionMs - played[0][1]) <= TOLERANCE_MS,
        `lastPositionMs ${session.lastPositionMs} is the STOP's, at ${played[0][1]}`);
    },
  }));

  it('30 s offline mid-playback: the same session, nothing counted twice', () => view('offline', async (v) => {
    await v.play();
    await wait(5000);
    await v.context.setOffline(true);
    await wait(30000);
    const during = await v.stats();
    await v.context.setOffline(false);
    await wait(5000);
    await v.pause();
    return { during };
  }, {
    check: (session, { scripted, stats }) => {
      assert.ok(scripted.during.queued >= 5, `events waited while offline: ${JSON.stringify(scripted.during)}`);
      assert.ok(scripted.during.retries >= 1);
      assert.equal(stats.dropped.rejected + stats.dropped.queueFull + stats.dropped.expired, 0);
      assert.ok(Math.abs(session.playedMs - session.uniqueWatchedMs) <= TOLERANCE_MS,
        `playedMs ${session.playedMs} against uniqueWatchedMs ${session.uniqueWatchedMs}`);
    },
  }));

  it('attach refuses an id outside the contract at once', async () => {
    const viewing = await Viewing.open('badid');
    try {
      const thrown = await viewing.eval(async () => {
        const { attach } = await import('/player-sdk/playback-web.js');
        try {
          attach(window.demo.content, { endpoint: '/v1/heartbeats', userId: 'no spaces please', videoId: 'v' });
          return 'nothing thrown';
        } catch (error) {
          return `${error.name}: ${error.message}`;
        }
      });
      assert.match(thrown, /^TypeError: playback-web: userId must be 1 to 64 characters/);
    } finally {
      await viewing.close();
    }
  });
});
