// The playback state machine: turns a media element's events (and the app's ad calls) into
// the heartbeat contract's events, with positions read from the element at the moment
// they happen.

import { createDelivery } from './delivery.js';
import { checkAd, checkMedia, checkOptions, checkVideoId } from './options.js';
import { createViewability } from './viewability.js';
import { SDK } from './version.js';

const HEARTBEAT_MS = 5000; // content heartbeats, by the contract
const AD_HEARTBEAT_MS = 1000; // ad heartbeats, by the contract
// The credit rule pays for an interval only when the playhead moved at most 2 x dt + 1 s and
// dt <= 30 s. Above 2x speed heartbeats come every second, so up to 3x is still credited.
const FAST_HEARTBEAT_MS = 1000;
// Before 30 s pass without an event while a run waits (a stall or a seek that buffers), one
// heartbeat marks where it stands, so the rule can still pay for what follows.
const CHECKPOINT_MS = 20000;
// How far a paused element's reported position may creep before it counts as moved.
const SETTLE_MS = 100;
// How late a 'playing' handler may run and still date the run from where the element rested.
const LATE_MS = 2000;

/** What a browser provides; tests pass their own. */
export function browserEnv() {
  const w = typeof window !== 'undefined' ? window : undefined;
  let storage;
  try {
    storage = w && w.localStorage;
  } catch (e) {
    // storage denied (privacy settings): a queue in memory only
  }
  return {
    now: () => Date.now(),
    random: Math.random,
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (t) => clearTimeout(t),
    randomUUID: () => crypto.randomUUID(),
    fetch: (url, init) => fetch(url, init),
    sendBeacon: (url, body) => navigator.sendBeacon(url, body),
    warn: (message) => console.warn(message),
    storage,
    window: w,
    document: typeof document !== 'undefined' ? document : undefined,
    IntersectionObserver: w && w.IntersectionObserver,
  };
}

/**
 * @param {object} media an HTMLMediaElement, or a facade with its properties and events
 * @param {object} options see attach() in index.js
 * @param {object} env see browserEnv()
 */
export function createTracker(media, options, env) {
  checkMedia(media);
  const o = checkOptions(options);
  const delivery = createDelivery(o, env);
  const doc = env.document;
  const win = env.window;
  const removers = [];
  let videoId = o.videoId;
  let playback = null; // { id, seq, started, stopped }
  let playing = false; // a content run is open, as the credit rule sees it
  let waiting = false; // the run waits: stalled, or a seek is buffering
  let ad = null;
  let timer = null;
  let lastEventAt = 0;
  let lastPosition = 0; // where the element stood at lastPositionAt
  let lastPositionAt = 0;
  let pausedAt = null; // where PAUSE said the element stopped, until it moves
  let restingAt = null; // where the element last stood still (paused), until it jumps
  let detached = false;

  const position = () => Math.max(0, Math.round((media.currentTime || 0) * 1000));
  const rate = () => (media.playbackRate > 0 ? media.playbackRate : 1);

  function note() {
    lastPosition = position();
    lastPositionAt = env.now();
    if (media.paused) restingAt = lastPosition;
  }

  /** Where playback stood just before the element jumped: extrapolated while it played. */
  function positionBeforeJump() {
    let estimate = lastPosition;
    if (playing && !waiting) estimate += Math.round((env.now() - lastPositionAt) * rate());
    const duration = durationMs();
    return duration ? Math.min(estimate, duration) : estimate;
  }

  function durationMs() {
    const d = media.duration;
    return d > 0 && d !== Infinity ? Math.round(d * 1000) : undefined;
  }

  function event(type, positionMs, agoMs = 0) {
    if (!playback) playback = { id: env.randomUUID(), seq: 0, started: false, stopped: false };
    const e = {
      eventId: env.randomUUID(),
      playbackId: playback.id,
      seq: playback.seq++,
      userId: o.userId,
      videoId,
      type,
      positionMs,
      eventTime: new Date(env.now() - agoMs).toISOString(),
      sdk: SDK,
      deviceType: o.deviceType,
    };
    if (o.deviceId !== undefined) e.deviceId = o.deviceId;
    if (o.country !== undefined) e.country = o.country;
    const duration = durationMs();
    if (duration) e.videoDurationMs = duration;
    return e;
  }

  function send(e) {
    delivery.enqueue(e);
    lastEventAt = env.now();
  }

  function content(type, extra) {
    const e = event(type, position());
    if (extra) Object.assign(e, extra);
    send(e);
    note();
  }

  function open() {
    return playback && playback.started && !playback.stopped;
  }

  // Heartbeats: every 5 s of a run that is not waiting; while it waits, one checkpoint.

  function clearTimer() {
    if (timer !== null) env.clearTimeout(timer);
    timer = null;
  }

  function cadence() {
    clearTimer();
    if (!playing || ad || detached) return;
    const interval = waiting ? CHECKPOINT_MS : rate() > 2 ? FAST_HEARTBEAT_MS : HEARTBEAT_MS;
    timer = env.setTimeout(beat, Math.max(0, lastEventAt + interval - env.now()));
  }

  function beat() {
    timer = null;
    if (!playing || ad || detached) return;
    content('HEARTBEAT');
    if (!waiting) cadence();
  }

  /** The element plays again after a stall or a seek. */
  function running() {
    if (!waiting) return;
    waiting = false;
    if (env.now() - lastEventAt > CHECKPOINT_MS) content('HEARTBEAT');
    cadence();
  }

  function stop(positionMs) {
    clearTimer();
    if (ad) endAd();
    if (playback && !playback.stopped && (playback.started || playback.seq > 0)) {
      send(event('STOP', positionMs === undefined ? position() : positionMs));
    }
    if (playback) playback.stopped = true;
    playing = false;
    waiting = false;
    pausedAt = null;
  }

  const handlers = {
    playing() {
      if (ad) return;
      // The media pipeline runs apart from the page: a busy page runs this handler when the
      // element has played on for a while. The run began where the element last stood still,
      // as long ago as it took to get here.
      const now = position();
      const from = restingAt !== null && now >= restingAt && now - restingAt <= LATE_MS * rate() ? restingAt : now;
      const ago = Math.round((now - from) / rate());
      restingAt = null;
      if (!playback || playback.stopped) playback = null;
      if (!playback || !playback.started) {
        send(event('START', from, ago));
        playback.started = true;
        playing = true;
        waiting = false;
      } else if (!playing) {
        // The element's clock settles a few ms after 'pause' (Chromium reports 5-15 ms more
        // at 'playing' than at 'pause'): resumed where it paused, it is where PAUSE said, or
        // a segment the element played in one piece would be split by a gap of a few ms.
        const samePlace = pausedAt !== null && from >= pausedAt && from - pausedAt < SETTLE_MS;
        send(event('RESUME', samePlace ? pausedAt : from, ago));
        playing = true;
        waiting = false;
      } else {
        running();
      }
      note();
      cadence();
    },
    pause() {
      // at the end the element pauses and then ends: 'ended' sends the STOP
      if (media.ended || !open() || !playing) return;
      clearTimer();
      content('PAUSE');
      pausedAt = lastPosition;
      playing = false;
      waiting = false;
    },
    seeking() {
      pausedAt = null;
      restingAt = null;
      const from = positionBeforeJump();
      if (!open()) return note();
      content('SEEK', { fromPositionMs: from });
      if (playing) {
        waiting = true;
        cadence();
      }
    },
    seeked() {
      note();
      if (playing && !media.paused) running();
    },
    waiting() {
      if (!playing || waiting || media.seeking) return;
      note();
      waiting = true;
      cadence();
    },
    ended() {
      if (open()) stop();
    },
    timeupdate() {
      if (!media.seeking) note();
    },
    ratechange() {
      note();
      if (playing && !waiting) cadence();
    },
    emptied() {
      // a new source: the element is back at 0, so the STOP tells where it stood
      if (open()) stop(positionBeforeJump());
      playback = null;
    },
  };

  function listen(target, type, handler) {
    if (!target) return;
    target.addEventListener(type, handler);
    removers.push(() => target.removeEventListener(type, handler));
  }

  for (const type of Object.keys(handlers)) listen(media, type, handlers[type]);
  listen(doc, 'visibilitychange', () => {
    if (doc.visibilityState !== 'hidden') return;
    // the page may never come back: mark where playback stands and send what is queued
    if (playing && !waiting && !ad && env.now() - lastEventAt >= 1000) {
      content('HEARTBEAT');
      cadence();
    }
    delivery.flush();
  });
  listen(win, 'pagehide', () => {
    stop();
    delivery.unload();
  });
  listen(win, 'online', () => delivery.online());
  note();
  // attached to an element that already plays: its playback starts now
  if (!media.paused && !media.ended && media.readyState > 2) handlers.playing();

  // Ads, reported by the app's ad player.

  function adEvent(type) {
    const e = event(type, position());
    const info = { adPlaybackId: ad.id, adId: ad.adId, positionMs: adPosition(), durationMs: ad.durationMs };
    if (ad.adServingId !== undefined) info.adServingId = ad.adServingId;
    const viewable = ad.viewability.percent();
    if (viewable !== undefined) info.viewablePercent = viewable;
    e.ad = info;
    send(e);
  }

  function adPosition() {
    const element = ad.element;
    if (!ad.reported && element && typeof element.currentTime === 'number' && 'paused' in element) {
      return Math.max(0, Math.round(element.currentTime * 1000));
    }
    return ad.positionMs;
  }

  function adBeat() {
    ad.timer = env.setTimeout(() => {
      const element = ad.element;
      // a paused ad video is not ad playback
      if (!(element && element.paused === true && typeof element.currentTime === 'number')) adEvent('AD_HEARTBEAT');
      adBeat();
    }, AD_HEARTBEAT_MS);
  }

  function endAd() {
    env.clearTimeout(ad.timer);
    ad.viewability.close();
    ad = null;
  }

  function adEnd() {
    if (!ad) return;
    endAd();
    // content that plays on without a 'playing' event (it never paused) resumes its run
    if (!media.paused && !media.ended && playback && !playback.stopped) handlers.playing();
  }

  function requireAd(call) {
    if (!ad) throw new TypeError('playback-web: ' + call + ' needs an ad started with adStart()');
  }

  return {
    /**
     * An ad starts: AD_START (which ends the content's run), then AD_HEARTBEAT every second.
     * A pre-roll starts the playback.
     */
    adStart(adOptions) {
      const a = checkAd(adOptions);
      if (detached) return;
      if (ad) endAd();
      if (playback && playback.stopped) playback = null;
      clearTimer();
      // AD_START ends the run where the content stands; it resumes from there after the ad
      if (playing) pausedAt = position();
      playing = false;
      waiting = false;
      ad = { id: env.randomUUID(), adId: a.adId, durationMs: a.durationMs, adServingId: a.adServingId,
        element: a.element, positionMs: 0, reported: false, timer: null,
        viewability: createViewability(a.element, env) };
      adEvent('AD_START');
      adBeat();
    },
    /** The ad's playhead in ms, when the ad's element is not a media element the SDK reads. */
    adProgress(positionMs) {
      requireAd('adProgress');
      if (!(positionMs >= 0)) throw new TypeError('playback-web: adProgress needs a position in ms >= 0');
      ad.positionMs = Math.round(positionMs);
      ad.reported = true;
    },
    adClick() {
      requireAd('adClick');
      adEvent('AD_CLICK');
    },
    adSkip() {
      requireAd('adSkip');
      adEvent('AD_SKIP');
      adEnd();
    },
    adComplete() {
      requireAd('adComplete');
      adEvent('AD_COMPLETE');
      adEnd();
    },
    /** The ad is over (after adSkip/adComplete, or abandoned): content events go on. */
    adEnd,
    /** Another video in the same element: ends this playback; the next play starts one. */
    setVideo(newVideoId) {
      checkVideoId(newVideoId);
      if (open() || ad) stop();
      playback = null;
      videoId = newVideoId;
    },
    /** Sends STOP if a playback is open, stops listening; queued events are still delivered. */
    detach() {
      if (detached) return;
      stop();
      detached = true;
      removers.forEach((remove) => remove());
      delivery.flush();
    },
    /** Sends what is queued now, ignoring any back-off. */
    flush: () => delivery.flush(),
    /** Counters the app can read: what was sent, accepted, retried and dropped (by reason). */
    stats: () => delivery.stats(),
    /** The current playback's id, or null between playbacks. */
    get playbackId() {
      return playback && !playback.stopped ? playback.id : null;
    },
  };
}
