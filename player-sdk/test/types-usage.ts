// Compiled (not run) by types.test.mjs: the README's integration, typed. A declaration
// that drifts from the library's API fails the compile.
import { attach, SDK, type Drop, type Tracker } from 'playback-web';
import { attachVideojs, type VideojsPlayer } from 'playback-web/videojs';

declare const video: HTMLVideoElement;
declare const adVideo: HTMLVideoElement;
declare const player: VideojsPlayer;

const tracker: Tracker = attach(video, {
  endpoint: 'https://ingest.example.com/v1/heartbeats',
  userId: 'user-42',
  videoId: 'video-7',
  deviceId: 'browser-1',
  country: 'DE',
  deviceType: 'WEB',
  maxQueuedEvents: 1000,
  onDrop: (drop: Drop) => console.warn(drop.reason, drop.count, drop.events[0]?.seq),
});
tracker.adStart({ adId: 'ad-1', durationMs: 15000, adServingId: 'serving-1', element: adVideo });
tracker.adProgress(1000);
tracker.adClick();
tracker.adSkip();
tracker.adComplete();
tracker.adEnd();
tracker.setVideo('video-8');
const queued: number = tracker.stats().queued + tracker.stats().dropped.queueFull;
const id: string | null = tracker.playbackId;
tracker.flush();
tracker.detach();
attachVideojs(player, { endpoint: '/v1/heartbeats', userId: 'u', videoId: 'v' }).detach();
console.log(SDK, queued, id);
