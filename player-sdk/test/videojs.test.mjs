import assert from 'node:assert/strict';
import { it } from 'node:test';

import { videojsMedia } from '../src/videojs.js';
import { brief, Clock, FakeMedia, setup } from './fakes.mjs';

/** A video.js player's API over a fake element: getters as methods, on/off/one for events. */
function fakePlayer(element) {
  const once = [];
  return {
    currentTime: () => element.currentTime,
    paused: () => element.paused,
    ended: () => element.ended,
    seeking: () => element.seeking,
    playbackRate: () => element.playbackRate,
    duration: () => element.duration,
    readyState: () => element.readyState,
    on: (type, handler) => element.addEventListener(type, handler),
    off: (type, handler) => element.removeEventListener(type, handler),
    one: (type, handler) => once.push([type, handler]),
    once,
  };
}

it('reads a video.js player as a media element: its state through its methods, its events through on/off', async () => {
  const clock = new Clock();
  const element = new FakeMedia(clock);
  const player = fakePlayer(element);
  const { ingest, tracker } = setup({ clock, media: videojsMedia(player) });
  element.play();
  await clock.advance(7000);
  element.seek(20);
  element.seeked();
  await clock.advance(1000);
  element.pause();
  tracker.detach();
  element.play(); // off: nothing after detach
  await clock.advance(6000);
  assert.deepEqual(brief(ingest.sent), ['START@0', 'HEARTBEAT@5000', 'SEEK@20000', 'PAUSE@21000', 'STOP@21000']);
  assert.equal(ingest.sent[2].fromPositionMs, 7000);
});
