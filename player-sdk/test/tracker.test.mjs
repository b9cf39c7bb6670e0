import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SDK } from '../src/version.js';
import { brief, FakeMedia, setup, T0 } from './fakes.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('content events', () => {
  it('sends START at the first play, with the ids, the position and the contract fields', async () => {
    const { clock, ingest, media } = setup({ options: { deviceId: 'device-1', country: 'DE' } });
    media.currentTime = 12.3456;
    media.play();
    await clock.advance(0);
    assert.equal(ingest.sent.length, 1);
    const [start] = ingest.sent;
    assert.equal(start.type, 'START');
    assert.equal(start.positionMs, 12346);
    assert.equal(start.seq, 0);
    assert.equal(start.userId, 'user-1');
    assert.equal(start.videoId, 'video-1');
    assert.equal(start.deviceId, 'device-1');
    assert.equal(start.country, 'DE');
    assert.equal(start.deviceType, 'WEB');
    assert.equal(start.videoDurationMs, 60000);
    assert.equal(start.sdk, SDK);
    assert.equal(start.eventTime, new Date(T0).toISOString());
    assert.match(start.eventId, UUID);
    assert.match(start.playbackId, UUID);
    assert.equal(ingest.requests[0].init.headers['Content-Type'], 'text/plain;charset=UTF-8');
    assert.equal(ingest.requests[0].init.credentials, 'omit');
  });

  it('starts where and when the element began to play when the playing event comes late', async () => {
    const { clock, ingest, media } = setup();
    media.seek(10);
    media.seeked();
    media.paused = false; // play() asked for: the element moves, its events wait
    await clock.advance(400); // the page was busy
    media.fire('play');
    media.fire('playing');
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@10000']);
    assert.equal(ingest.sent[0].eventTime, new Date(T0).toISOString());
  });

  it('sends a HEARTBEAT every 5 s of playing, with the element position', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(16000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@10000', 'HEARTBEAT@15000']);
    assert.deepEqual(ingest.sent.map((e) => e.seq), [0, 1, 2, 3]);
    assert.deepEqual(
      ingest.sent.map((e) => Date.parse(e.eventTime) - T0),
      [0, 5000, 10000, 15000],
    );
  });

  it('sends PAUSE and RESUME with the element position and no heartbeat while paused', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(7000);
    media.pause();
    await clock.advance(60000);
    media.play();
    await clock.advance(5000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'PAUSE@7000', 'RESUME@7000', 'HEARTBEAT@12000']);
  });

  it('resumes where PAUSE said when the paused element reports a few ms more, and after a seek where it took it', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(7000);
    media.pause();
    media.currentTime = 7.012; // the element's clock settling after 'pause'
    media.timeupdate();
    await clock.advance(1000);
    media.play();
    await clock.advance(1000);
    media.pause();
    media.seek(8.05); // a seek while paused: the element is where the seek took it
    media.seeked();
    media.play();
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'PAUSE@7000', 'RESUME@7000', 'PAUSE@8012',
      'SEEK@8050', 'RESUME@8050']);
  });

  it('sends SEEK from the last position before the jump, extrapolated since the last timeupdate', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(8000);
    media.timeupdate(); // at 8.0 s; the jump comes 200 ms later
    await clock.advance(200);
    media.seek(30);
    await clock.advance(300); // buffering at the target: no heartbeat counts from here
    media.seeked();
    await clock.advance(5000);
    // 5 s after the SEEK, which the element took 300 ms to finish
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'SEEK@30000', 'HEARTBEAT@34700']);
    assert.equal(ingest.sent[2].fromPositionMs, 8200);
    assert.equal(ingest.sent[2].seq, 2);
  });

  it('sends SEEK while paused from the paused position, and no run starts until play', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(4000);
    media.pause();
    await clock.advance(1000);
    media.seek(2);
    media.seeked();
    await clock.advance(10000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'PAUSE@4000', 'SEEK@2000']);
    assert.equal(ingest.sent[2].fromPositionMs, 4000);
  });

  it('does not report a seek before the first play: START carries the position', async () => {
    const { clock, ingest, media } = setup();
    media.seek(42);
    media.seeked();
    media.play();
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@42000']);
  });

  it('sends no heartbeat while stalled, and a checkpoint before 30 s pass without an event', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(7000);
    media.stall(); // at 7 s, 2 s after the last heartbeat
    await clock.advance(3000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000']);
    await clock.advance(40000);
    // one checkpoint, 20 s after the last event, at the stalled position
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@7000']);
    assert.equal(Date.parse(ingest.sent[2].eventTime) - T0, 25000);
    media.unstall(); // at 50 s: more than 20 s after the checkpoint, so another one
    await clock.advance(5000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@7000', 'HEARTBEAT@7000', 'HEARTBEAT@12000']);
  });

  it('resumes the 5 s cadence after a short stall without extra events', async () => {
    const { clock, ingest, media } = setup();
    media.play();
    await clock.advance(6000);
    media.stall();
    await clock.advance(2000);
    media.unstall();
    await clock.advance(5000);
    // 5 s after the last heartbeat, 2 s of it stalled
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@8000']);
  });

  it('sends STOP at the end (no PAUSE), and the next play is a new playback from seq 0', async () => {
    const { clock, ingest, media } = setup({ media: undefined });
    media.duration = 12;
    media.play();
    await clock.advance(13000);
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@10000', 'STOP@12000']);
    media.play();
    await clock.advance(1000);
    const restart = ingest.sent[4];
    assert.equal(restart.type, 'START');
    assert.equal(restart.seq, 0);
    assert.notEqual(restart.playbackId, ingest.sent[0].playbackId);
    assert.equal(new Set(ingest.sent.slice(0, 4).map((e) => e.playbackId)).size, 1);
  });

  it('follows playbackRate: 5 s heartbeats up to 2x, every second above it', async () => {
    const { clock, ingest, media } = setup();
    media.rate(2);
    media.play();
    await clock.advance(10000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@10000', 'HEARTBEAT@20000']);
    media.rate(3);
    await clock.advance(2000);
    assert.deepEqual(brief(ingest.sent).slice(3), ['HEARTBEAT@23000', 'HEARTBEAT@26000']);
  });

  it('sends STOP and stops listening on detach()', async () => {
    const { clock, ingest, media, tracker } = setup();
    media.play();
    await clock.advance(3000);
    tracker.detach();
    media.pause();
    media.play();
    await clock.advance(20000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'STOP@3000']);
    assert.equal(tracker.playbackId, null);
  });

  it('starts at once when attached to an element that already plays', async () => {
    const { clock, media } = setup();
    media.play();
    const { ingest } = setup({ clock, media });
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@0']);
  });

  it('ends the playback on setVideo() and starts the next video as a new one', async () => {
    const { clock, ingest, media, tracker } = setup();
    media.play();
    await clock.advance(2000);
    tracker.setVideo('video-2');
    media.currentTime = 0;
    media.fire('playing');
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'STOP@2000', 'START@0']);
    assert.equal(ingest.sent[2].videoId, 'video-2');
    assert.equal(ingest.sent[2].seq, 0);
    assert.throws(() => tracker.setVideo('no spaces'), /videoId must be 1 to 64 characters/);
  });
});

describe('the page', () => {
  it('marks the position and sends at once when the page is hidden while playing', async () => {
    const { clock, ingest, media, page } = setup();
    media.play();
    await clock.advance(7500);
    page.hide();
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'HEARTBEAT@7500']);
    // still playing in the background: the cadence goes on from the checkpoint
    await clock.advance(5000);
    assert.deepEqual(brief(ingest.sent).slice(3), ['HEARTBEAT@12500']);
  });

  it('sends nothing while the page is hidden and paused', async () => {
    const { clock, ingest, media, page } = setup();
    media.play();
    await clock.advance(2000);
    media.pause();
    page.hide();
    await clock.advance(120000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'PAUSE@2000']);
  });

  it('sends STOP through sendBeacon on pagehide, and keeps the events stored until a 202', async () => {
    const { clock, ingest, media, page, storage } = setup();
    ingest.answer = () => ({ error: true }); // the network is down: nothing answered
    media.play();
    await clock.advance(6000);
    page.window.dispatchEvent(new Event('pagehide'));
    assert.deepEqual(brief(ingest.beacons.flatMap((b) => b.events)), ['START@0', 'HEARTBEAT@5000', 'STOP@6000']);
    const stored = [...storage.map.values()].map((v) => JSON.parse(v).e);
    assert.deepEqual(brief(stored.flat()), ['START@0', 'HEARTBEAT@5000', 'STOP@6000']);
  });
});

describe('ads', () => {
  it('AD_START ends the content run, AD_HEARTBEAT every second, AD_SKIP, then RESUME', async () => {
    const { clock, ingest, media, tracker } = setup();
    media.play();
    await clock.advance(4000);
    media.pause();
    tracker.adStart({ adId: 'ad-1', durationMs: 15000, adServingId: 'serving-1' });
    for (let ms = 0; ms < 3000; ms += 1000) {
      await clock.advance(1000);
      tracker.adProgress(ms + 1000);
    }
    tracker.adSkip();
    await clock.advance(5000); // no ad heartbeats after the skip
    media.play();
    await clock.advance(0);
    assert.deepEqual(
      ingest.sent.map((e) => `${e.type}@${e.positionMs}${e.ad ? '/' + e.ad.positionMs : ''}`),
      ['START@0', 'PAUSE@4000', 'AD_START@4000/0', 'AD_HEARTBEAT@4000/0', 'AD_HEARTBEAT@4000/1000',
        'AD_HEARTBEAT@4000/2000', 'AD_SKIP@4000/3000', 'RESUME@4000'],
    );
    const ads = ingest.sent.filter((e) => e.ad);
    assert.equal(new Set(ads.map((e) => e.ad.adPlaybackId)).size, 1);
    assert.ok(ads.every((e) => e.ad.adId === 'ad-1' && e.ad.durationMs === 15000 && e.ad.adServingId === 'serving-1'));
    assert.ok(ads.every((e) => e.ad.viewablePercent === undefined), 'not measured without an element');
    assert.deepEqual(ingest.sent.map((e) => e.seq), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('resumes the content where AD_START left it when the element reports a few ms more', async () => {
    const { clock, ingest, media, tracker } = setup();
    media.play();
    await clock.advance(4000);
    // the app pauses the content and starts the ad before the element's 'pause' event
    tracker.adStart({ adId: 'ad-1', durationMs: 2000 });
    media.pause();
    media.currentTime = 4.015;
    await clock.advance(2000);
    tracker.adProgress(2000);
    tracker.adComplete();
    media.play();
    await clock.advance(0);
    assert.deepEqual(brief(ingest.sent).filter((e) => !e.startsWith('AD_HEARTBEAT')),
      ['START@0', 'AD_START@4000', 'AD_COMPLETE@4015', 'RESUME@4000']);
  });

  it('reads the ad position from an ad video element, and no AD_HEARTBEAT while it is paused', async () => {
    const { clock, ingest, media, tracker } = setup();
    const adVideo = new FakeMedia(clock);
    adVideo.duration = 10;
    media.play();
    await clock.advance(1000);
    tracker.adStart({ adId: 'ad-2', durationMs: 10000, element: adVideo });
    adVideo.play();
    await clock.advance(2000);
    adVideo.pause();
    await clock.advance(3000);
    tracker.adClick();
    adVideo.play();
    await clock.advance(1000);
    tracker.adComplete();
    await clock.advance(0);
    const ads = ingest.sent.filter((e) => e.ad && e.playbackId === ingest.sent[0].playbackId);
    assert.deepEqual(ads.map((e) => `${e.type}/${e.ad.positionMs}`),
      ['AD_START/0', 'AD_HEARTBEAT/1000', 'AD_HEARTBEAT/2000', 'AD_CLICK/2000', 'AD_HEARTBEAT/3000', 'AD_COMPLETE/3000']);
  });

  it('measures viewablePercent from the first event on, 0 while the page is hidden', async () => {
    const { clock, ingest, page, tracker } = setup();
    const element = { getBoundingClientRect: () => ({ left: 0, top: 620, right: 400, bottom: 820, width: 400, height: 200 }) };
    tracker.adStart({ adId: 'ad-3', durationMs: 6000, element });
    await clock.advance(1000);
    page.intersect(0.75);
    await clock.advance(1000);
    page.hide();
    await clock.advance(1000);
    page.show();
    page.intersect(0.499);
    tracker.adComplete();
    await clock.advance(0);
    const ads = ingest.sent.filter((e) => e.ad);
    assert.deepEqual(ads.map((e) => e.ad.viewablePercent), [50, 50, 75, 0, 49]);
    assert.equal(page.observers.length, 0, 'the observer is let go with the ad');
  });

  it('a pre-roll starts the playback; the content then sends START in the same playback', async () => {
    const { clock, ingest, media, tracker } = setup();
    tracker.adStart({ adId: 'ad-4', durationMs: 5000 });
    await clock.advance(5000);
    tracker.adProgress(5000);
    tracker.adComplete();
    media.play();
    await clock.advance(0);
    assert.deepEqual(ingest.sent.map((e) => e.type),
      ['AD_START', 'AD_HEARTBEAT', 'AD_HEARTBEAT', 'AD_HEARTBEAT', 'AD_HEARTBEAT', 'AD_HEARTBEAT', 'AD_COMPLETE', 'START']);
    assert.equal(new Set(ingest.sent.map((e) => e.playbackId)).size, 1);
    assert.equal(ingest.sent.at(-1).seq, 7);
  });

  it('content that played on through the ad resumes its run when the ad ends', async () => {
    const { clock, ingest, media, tracker } = setup();
    media.play();
    await clock.advance(2000);
    tracker.adStart({ adId: 'ad-5', durationMs: 2000 });
    await clock.advance(500);
    tracker.adEnd();
    await clock.advance(5000);
    assert.deepEqual(brief(ingest.sent), ['START@0', 'AD_START@2000', 'RESUME@2500', 'HEARTBEAT@7500']);
  });

  it('refuses ad calls without an ad, and ad options that break the contract', () => {
    const { tracker } = setup();
    assert.throws(() => tracker.adSkip(), /adSkip needs an ad started with adStart/);
    assert.throws(() => tracker.adStart({ adId: 'bad id', durationMs: 1000 }), /adId must be 1 to 64 characters/);
    assert.throws(() => tracker.adStart({ adId: 'ad', durationMs: 0 }), /durationMs must be a number of ms > 0/);
    assert.throws(() => tracker.adStart({ adId: 'ad', durationMs: 1000, adServingId: 'x'.repeat(129) }),
      /adServingId must be a string of 1 to 128 characters/);
  });
});
