// Fakes for the unit tests: a clock with timers that only move when a test says so, a media
// element whose playhead follows that clock, localStorage, and an ingest endpoint.

import { createTracker } from '../src/tracker.js';

export const T0 = Date.parse('2026-12-03T10:00:00.000Z');

/** Lets promise chains (fetch answers) run to their end. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

export class Clock {
  constructor() {
    this.now = T0;
    this.timers = [];
    this.ids = 0;
  }

  setTimeout(f, ms) {
    const id = ++this.ids;
    this.timers.push({ id, at: this.now + Math.max(0, ms || 0), f });
    return id;
  }

  clearTimeout(id) {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Moves time forward by ms, firing each timer at its own time. */
  async advance(ms) {
    const end = this.now + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      this.media?.forEach((m) => m.sync());
      next.f();
      await settle();
    }
    this.now = end;
    this.media?.forEach((m) => m.sync());
    await settle();
  }
}

/** An HTMLMediaElement's playhead and events, driven by the test. */
export class FakeMedia extends EventTarget {
  constructor(clock, duration = 60) {
    super();
    this.clock = clock;
    (clock.media ||= []).push(this);
    this.duration = duration;
    this.paused = true;
    this.ended = false;
    this.seeking = false;
    this.stalled = false;
    this.playbackRate = 1;
    this.readyState = 4;
    this.base = 0;
    this.baseAt = clock.now;
  }

  get moving() {
    return !this.paused && !this.seeking && !this.stalled && !this.ended;
  }

  get currentTime() {
    if (!this.moving) return this.base;
    return Math.min(this.duration, this.base + ((this.clock.now - this.baseAt) / 1000) * this.playbackRate);
  }

  set currentTime(seconds) {
    this.base = seconds;
    this.baseAt = this.clock.now;
  }

  /** Called as time moves: the element reaches its end. */
  sync() {
    if (this.moving && this.currentTime >= this.duration) {
      this.currentTime = this.duration;
      this.ended = true;
      this.paused = true;
      this.fire('pause');
      this.fire('ended');
    }
  }

  fire(type) {
    this.dispatchEvent(new Event(type));
  }

  play() {
    this.currentTime = this.currentTime;
    if (this.ended) {
      this.ended = false;
      this.currentTime = 0;
    }
    this.paused = false;
    this.fire('play');
    this.fire('playing');
  }

  pause() {
    this.currentTime = this.currentTime;
    this.paused = true;
    this.fire('pause');
  }

  seek(seconds) {
    this.currentTime = seconds;
    this.seeking = true;
    this.fire('seeking');
  }

  seeked() {
    this.currentTime = this.currentTime;
    this.seeking = false;
    this.fire('seeked');
    if (!this.paused) this.fire('playing');
  }

  stall() {
    this.currentTime = this.currentTime;
    this.stalled = true;
    this.fire('waiting');
  }

  unstall() {
    this.currentTime = this.currentTime;
    this.stalled = false;
    this.fire('playing');
  }

  rate(value) {
    this.currentTime = this.currentTime;
    this.playbackRate = value;
    this.fire('ratechange');
  }

  timeupdate() {
    this.fire('timeupdate');
  }
}

export class FakeStorage {
  constructor() {
    this.map = new Map();
  }

  get length() {
    return this.map.size;
  }

  key(i) {
    return [...this.map.keys()][i] ?? null;
  }

  getItem(k) {
    return this.map.has(k) ? this.map.get(k) : null;
  }

  setItem(k, v) {
    this.map.set(k, String(v));
  }

  removeItem(k) {
    this.map.delete(k);
  }
}

/**
 * POST /v1/heartbeats as the tests want it to answer: 202 unless `answer` says otherwise;
 * every request and beacon recorded.
 */
export class FakeIngest {
  constructor() {
    this.requests = [];
    this.beacons = [];
    this.answer = () => ({ status: 202 });
    this.accepted = [];
  }

  fetch(url, init) {
    const events = JSON.parse(init.body);
    const request = { url, init, events, at: this.clock?.now };
    this.requests.push(request);
    const a = this.answer(request);
    if (a.error) return Promise.reject(new TypeError('Failed to fetch'));
    if (a.status >= 200 && a.status < 300) this.accepted.push(...events);
    const body = a.body !== undefined ? JSON.stringify(a.body) : a.status === 202 ? `{"accepted":${events.length}}` : null;
    return Promise.resolve(new Response(body, { status: a.status, headers: a.headers || {} }));
  }

  beacon(url, body) {
    this.beacons.push({ url, events: JSON.parse(body) });
    return true;
  }

  /** Every event sent, in order of sending, with repeats. */
  get sent() {
    return this.requests.flatMap((r) => r.events);
  }
}

/** A page: window, document and IntersectionObserver enough for the tracker. */
export class FakePage {
  constructor() {
    this.window = new EventTarget();
    this.window.innerWidth = 1280;
    this.window.innerHeight = 720;
    this.document = new EventTarget();
    this.document.visibilityState = 'visible';
    this.observers = [];
    const page = this;
    this.IntersectionObserver = class {
      constructor(callback) {
        this.callback = callback;
        page.observers.push(this);
      }

      observe(element) {
        this.element = element;
      }

      disconnect() {
        page.observers = page.observers.filter((o) => o !== this);
      }
    };
  }

  /** The observer reports a new share of the element in view. */
  intersect(ratio) {
    this.observers.forEach((o) => o.callback([{ target: o.element, intersectionRatio: ratio }]));
  }

  hide() {
    this.document.visibilityState = 'hidden';
    this.document.dispatchEvent(new Event('visibilitychange'));
  }

  show() {
    this.document.visibilityState = 'visible';
    this.document.dispatchEvent(new Event('visibilitychange'));
  }
}

let uuids = 0;

/** A tracker on fakes; returns everything a test needs to drive and read it. */
export function setup(overrides = {}) {
  const clock = overrides.clock || new Clock();
  const ingest = overrides.ingest || new FakeIngest();
  ingest.clock = clock;
  const page = overrides.page || new FakePage();
  const storage = overrides.storage || new FakeStorage();
  const media = overrides.media || new FakeMedia(clock, overrides.duration);
  const warnings = [];
  const env = {
    now: () => clock.now,
    random: overrides.random || (() => 0.5),
    setTimeout: (f, ms) => clock.setTimeout(f, ms),
    clearTimeout: (id) => clock.clearTimeout(id),
    randomUUID: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`,
    fetch: (url, init) => ingest.fetch(url, init),
    sendBeacon: (url, body) => ingest.beacon(url, body),
    warn: (message) => warnings.push(message),
    storage,
    window: page.window,
    document: page.document,
    IntersectionObserver: page.IntersectionObserver,
  };
  const options = {
    endpoint: 'https://ingest.example/v1/heartbeats',
    userId: 'user-1',
    videoId: 'video-1',
    ...overrides.options,
  };
  const tracker = createTracker(media, options, env);
  return { clock, ingest, page, storage, media, warnings, env, tracker, options };
}

/** Events by type and position, the shape most assertions read. */
export const brief = (events) => events.map((e) => `${e.type}@${e.positionMs}`);
