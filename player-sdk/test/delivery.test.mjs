import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Clock, FakeIngest, FakeMedia, FakeStorage, setup, T0 } from './fakes.mjs';

const DAY = 86400000;

/** n heartbeats' worth of events, queued while every request fails. */
async function queued(n, overrides = {}) {
  const s = setup(overrides);
  const answer = s.ingest.answer;
  s.ingest.answer = () => ({ error: true });
  s.media.play();
  await s.clock.advance((n - 1) * 5000);
  s.ingest.answer = answer;
  return s;
}

describe('delivery', () => {
  it('sends what is queued in batches of at most 500 events, each event once', async () => {
    const { clock, ingest, tracker } = await queued(1201, { duration: 7200 });
    ingest.requests.length = 0;
    tracker.flush();
    await clock.advance(0);
    assert.deepEqual(ingest.requests.map((r) => r.events.length), [500, 500, 201]);
    const seqs = ingest.accepted.map((e) => e.seq);
    assert.deepEqual(seqs, [...Array(1201).keys()]);
    assert.equal(tracker.stats().queued, 0);
    assert.equal(tracker.stats().accepted, 1201);
  });

  it('retries a 503 after Retry-After with the same events, and backs off exponentially with jitter', async () => {
    const { clock, ingest, media, tracker } = setup();
    ingest.answer = () => ({ status: 503, headers: { 'Retry-After': '7' } });
    media.play();
    await clock.advance(0);
    await clock.advance(6900);
    assert.equal(ingest.requests.length, 1, 'nothing before Retry-After');
    ingest.answer = () => ({ status: 503 });
    await clock.advance(100);
    assert.equal(ingest.requests.length, 2);
    await clock.advance(60000);
    const at = ingest.requests.map((r) => r.at - T0);
    // after the 7 s: 2 s, 4 s, 8 s, 16 s ceilings, each waited between half and all of it
    const gaps = at.slice(2).map((t, i) => t - at[i + 1]);
    assert.deepEqual(gaps.slice(0, 4), [1500, 3000, 6000, 12000]);
    ingest.answer = () => ({ status: 202 });
    await clock.advance(60000);
    const starts = ingest.requests.flatMap((r) => r.events.filter((e) => e.type === 'START'));
    assert.ok(starts.length >= 7, 'START went out with every attempt until accepted');
    assert.equal(new Set(starts.map((e) => JSON.stringify(e))).size, 1, 'the same START every time');
    assert.equal(ingest.accepted.filter((e) => e.type === 'START').length, 1);
    assert.ok(tracker.stats().retries >= 5);
    assert.equal(tracker.stats().queued, 0);
  });

  it('keeps the jitter within half to all of the back-off', async () => {
    for (const random of [0, 0.998]) {
      const { clock, ingest, media } = setup({ random: () => random });
      ingest.answer = () => ({ error: true });
      media.pause();
      media.fire('playing');
      await clock.advance(20000);
      const at = ingest.requests.map((r) => r.at - T0);
      const expected = random === 0 ? [0, 500, 1500, 3500, 7500, 15500] : [0, 999, 2997, 6993, 14985];
      assert.deepEqual(at.slice(0, expected.length).map(Math.round), expected);
    }
  });

  it('retries network errors and sends at once when the browser is back online', async () => {
    const { clock, ingest, media, page, tracker } = setup();
    ingest.answer = () => ({ error: true });
    media.play();
    await clock.advance(30000);
    const attempts = ingest.requests.length;
    assert.ok(attempts >= 4 && attempts <= 6, `${attempts} attempts in 30 s`);
    ingest.answer = () => ({ status: 202 });
    page.window.dispatchEvent(new Event('online'));
    await clock.advance(0);
    assert.equal(tracker.stats().queued, 0);
    assert.deepEqual(ingest.accepted.map((e) => e.seq), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('drops the events a 400 names, warns, counts and reports them, and sends the others again', async () => {
    const drops = [];
    const { clock, ingest, tracker, warnings } = await queued(3, { options: { onDrop: (d) => drops.push(d) } });
    ingest.answer = (request) => (request.events.length === 3
      ? { status: 400, body: { title: 'Invalid heartbeat', errors: [{ index: 1, field: 'eventTime', message: 'too old' }] } }
      : { status: 202 });
    tracker.flush();
    await clock.advance(0);
    assert.deepEqual(ingest.accepted.map((e) => e.seq), [0, 2]);
    assert.equal(tracker.stats().dropped.rejected, 1);
    assert.equal(drops.length, 1);
    assert.equal(drops[0].reason, 'rejected');
    assert.equal(drops[0].events[0].seq, 1);
    assert.match(drops[0].detail, /HTTP 400 .*eventTime/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /dropped 1 event\(s\), rejected/);
  });

  it('drops a batch on any other 4xx without retrying it', async () => {
    for (const status of [401, 403, 404, 415]) {
      const { clock, ingest, media, tracker, warnings } = setup();
      ingest.answer = () => ({ status });
      media.play();
      await clock.advance(59000);
      assert.equal(ingest.requests.length, 12, `one request per event for ${status}`);
      assert.equal(tracker.stats().dropped.rejected, 12);
      assert.equal(tracker.stats().retries, 0);
      assert.equal(tracker.stats().queued, 0);
      assert.equal(warnings.length, 1, 'one warning a minute');
    }
  });

  it('halves the batch on a 413 until it passes', async () => {
    const { clock, ingest, tracker } = await queued(40, { duration: 3600 });
    ingest.requests.length = 0;
    ingest.answer = (request) => (request.events.length > 10 ? { status: 413 } : { status: 202 });
    tracker.flush();
    await clock.advance(0);
    assert.deepEqual(ingest.requests.map((r) => r.events.length), [40, 20, 10, 10, 10, 10]);
    assert.equal(ingest.accepted.length, 40);
  });

  it('drops the oldest events beyond the bound, and says so', async () => {
    const drops = [];
    const { tracker } = await queued(15, { duration: 3600, options: { maxQueuedEvents: 10, onDrop: (d) => drops.push(d) } });
    assert.equal(tracker.stats().queued, 10);
    assert.equal(tracker.stats().dropped.queueFull, 5);
    assert.deepEqual(drops.map((d) => d.events[0].seq), [0, 1, 2, 3, 4]);
    assert.ok(drops.every((d) => d.reason === 'queueFull'));
  });

  it('keeps events across a reload: a later page sends the queue of a page that is gone', async () => {
    const storage = new FakeStorage();
    const first = await queued(4, { storage });
    first.page.window.dispatchEvent(new Event('pagehide')); // the beacons are lost
    // the next page of the site: the old queue is fresh for 3 min, then taken over
    const clock = new Clock();
    clock.now = first.clock.now + 60000;
    const ingest = new FakeIngest();
    const second = setup({ clock, ingest, storage, media: new FakeMedia(clock) });
    await clock.advance(0);
    assert.equal(ingest.accepted.length, 0);
    clock.now += 150000;
    second.media.play();
    await clock.advance(0);
    await clock.advance(0);
    assert.deepEqual(ingest.accepted.map((e) => `${e.type}:${e.seq}`).sort(),
      ['HEARTBEAT:1', 'HEARTBEAT:2', 'HEARTBEAT:3', 'START:0', 'START:0', 'STOP:4'].sort());
    assert.equal(new Set(ingest.accepted.map((e) => e.playbackId)).size, 2);
    assert.equal(storage.length, 0, 'nothing left stored once everything was accepted');
  });

  it('drops events older than the 7 days ingest accepts, and counts them', async () => {
    const { clock, ingest, media, tracker } = await queued(3);
    ingest.answer = () => ({ error: true });
    media.pause();
    clock.now += 7 * DAY;
    ingest.answer = () => ({ status: 202 });
    tracker.flush();
    await clock.advance(0);
    assert.equal(ingest.accepted.length, 0);
    assert.equal(tracker.stats().dropped.expired, 4);
    assert.equal(tracker.stats().queued, 0);
  });

  it('works without storage (privacy settings): the queue lives in the page', async () => {
    const broken = { get length() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() { throw new Error('denied'); } };
    const { clock, ingest, media } = setup({ storage: broken });
    media.play();
    await clock.advance(5000);
    assert.deepEqual(ingest.accepted.map((e) => e.type), ['START', 'HEARTBEAT']);
  });
});
