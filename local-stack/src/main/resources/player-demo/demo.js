// The player demo: the SDK attached to the content video, a small ad player, and the viewer's
// progress as the aggregator has it. window.demo is what the browser tests drive.
import { attach } from '/player-sdk/playback-web.js';

const params = new URLSearchParams(location.search);
const userId = params.get('user') || 'web-' + crypto.randomUUID().slice(0, 8);
const videoId = params.get('video') || 'demo-video-01';
const config = await (await fetch('/config.json')).json();
const $ = (id) => document.getElementById(id);
const content = $('content');
const adVideo = $('ad');
const log = [];

if (params.has('stallAfter')) {
  // the test server holds the clip's bytes after this offset for stallMs: a real stall
  // (once per viewer: the server keys the stall by the whole query)
  content.src = `/media/clip.webm?stallAfter=${params.get('stallAfter')}&stallMs=${params.get('stallMs')}&viewer=${userId}`;
}
for (const type of ['playing', 'pause', 'seeking', 'seeked', 'waiting', 'ended', 'ratechange']) {
  content.addEventListener(type, () => log.push({ type, at: Math.round(content.currentTime * 1000) }));
}

const tracker = attach(content, {
  endpoint: config.ingest,
  userId,
  videoId,
  deviceId: 'demo-browser',
  country: 'DE',
  deviceType: 'WEB',
});
$('user').textContent = userId;
$('video').textContent = videoId;

/** The element's played ranges in ms. */
function played(element) {
  const ranges = [];
  for (let i = 0; i < element.played.length; i++) {
    ranges.push([Math.round(element.played.start(i) * 1000), Math.round(element.played.end(i) * 1000)]);
  }
  return ranges;
}

function canPlay(element) {
  return new Promise((resolve) => {
    const check = () => (element.readyState >= 3 ? resolve() : setTimeout(check, 50));
    check();
  });
}

function buffered(element) {
  return new Promise((resolve) => {
    const check = () => {
      const b = element.buffered;
      if (element.readyState >= 3 && b.length && b.end(b.length - 1) >= element.duration - 0.1) resolve();
      else setTimeout(check, 50);
    };
    check();
  });
}

/**
 * An ad break: the content pauses, the ad plays in its own element with the SDK told of each
 * step, then the content goes on. Skips or clicks at the given ad positions when scripted.
 */
function adBreak({ adId = 'demo-ad-1', durationMs = 8000, skipAtMs, clickAtMs } = {}) {
  const resume = !content.paused;
  content.pause();
  $('ad-slot').hidden = false;
  adVideo.currentTime = 0;
  tracker.adStart({ adId, durationMs, adServingId: 'demo-' + crypto.randomUUID(), element: adVideo });
  adVideo.play();
  $('visit').disabled = false;
  return new Promise((resolve) => {
    let clicked = false;
    const position = () => adVideo.currentTime * 1000;
    const click = () => {
      clicked = true;
      tracker.adClick();
    };
    const finish = (how) => {
      adVideo.removeEventListener('timeupdate', tick);
      $('skip').onclick = null;
      $('visit').onclick = null;
      adVideo.pause();
      if (how === 'skip') tracker.adSkip();
      else tracker.adComplete();
      $('ad-slot').hidden = true;
      $('skip').disabled = true;
      $('visit').disabled = true;
      if (resume) content.play();
      resolve({ how, atMs: Math.round(position()), clicked });
    };
    const tick = () => {
      $('skip').disabled = position() < 5000;
      if (clickAtMs !== undefined && !clicked && position() >= clickAtMs) click();
      if (skipAtMs !== undefined && position() >= skipAtMs) finish('skip');
      else if (position() >= durationMs) finish('complete');
    };
    adVideo.addEventListener('timeupdate', tick);
    $('skip').onclick = () => finish('skip');
    $('visit').onclick = click;
  });
}

$('ad-break').onclick = () => adBreak();
$('speed').onclick = () => {
  content.playbackRate = content.playbackRate === 2 ? 1 : 2;
  $('speed').textContent = content.playbackRate === 2 ? 'Speed 1x' : 'Speed 2x';
};

function bar(element, ranges, duration) {
  element.replaceChildren(...ranges.map(([start, end]) => {
    const span = document.createElement('span');
    span.style.left = (100 * start) / duration + '%';
    span.style.width = (100 * (end - start)) / duration + '%';
    return span;
  }));
}

const seconds = (ms) => (ms / 1000).toFixed(1) + ' s';

async function refresh() {
  const duration = (content.duration || 60) * 1000;
  bar($('played'), played(content), duration);
  const stats = tracker.stats();
  $('accepted').textContent = stats.accepted;
  $('queued').textContent = stats.queued;
  const dropped = stats.dropped.rejected + stats.dropped.queueFull + stats.dropped.expired;
  $('problems').textContent = stats.retries + ' / ' + dropped;
  try {
    const response = await fetch(`/api/progress?userId=${userId}&videoId=${videoId}`);
    if (response.ok) {
      const progress = await response.json();
      bar($('segments'), progress.segments.map((s) => [s.startMs, s.endMs]), duration);
      $('unique').textContent = seconds(progress.uniqueWatchedMs);
      $('percent').textContent = progress.percentComplete == null ? '-' : (100 * progress.percentComplete).toFixed(1) + ' %';
      $('last').textContent = seconds(progress.lastPositionMs);
      $('sessions').textContent = progress.sessions;
    }
  } catch (e) {
    // the stack is restarting: try again on the next tick
  }
}
setInterval(refresh, 1000);

// what the element had played when the page went away, for the browser tests to read back
addEventListener('pagehide', () => sessionStorage.setItem('played-at-pagehide', JSON.stringify(played(content))));

window.demo = {
  tracker,
  content,
  adVideo,
  userId,
  videoId,
  log,
  adBreak,
  played,
  // the whole clip in the browser (no stall but the scripted one), or only playable when stalling
  ready: Promise.all([params.has('stallAfter') ? canPlay(content) : buffered(content), buffered(adVideo)]),
};
