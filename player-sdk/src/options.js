// What attach() and adStart() accept: every rule of the heartbeat contract that a player
// can break is checked here, at once, with a message that names the option.

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const COUNTRY = /^[A-Z]{2}$/;
const DEVICE_TYPES = ['WEB', 'IOS', 'ANDROID', 'TV', 'OTHER'];

function fail(message) {
  throw new TypeError('playback-web: ' + message);
}

function id(name, value, required) {
  if (value === undefined || value === null) {
    if (required) fail(name + ' is required');
    return undefined;
  }
  if (typeof value !== 'string' || !ID.test(value)) {
    fail(name + ' must be 1 to 64 characters of A-Z a-z 0-9 . _ : - (got ' + JSON.stringify(value) + ')');
  }
  return value;
}

function count(name, value, minimum, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < minimum) fail(name + ' must be an integer >= ' + minimum);
  return value;
}

function positive(name, value) {
  if (typeof value !== 'number' || !(value >= 0.5) || value === Infinity) fail(name + ' must be a number of ms > 0');
  return Math.round(value);
}

/** The media element's part that the tracker uses: any HTMLMediaElement, or a facade. */
export function checkMedia(media) {
  if (!media || typeof media.addEventListener !== 'function' || !('currentTime' in media)) {
    fail('attach needs a media element (an HTMLMediaElement, or an object with its currentTime, paused, ' +
      'ended, playbackRate, duration and addEventListener/removeEventListener)');
  }
  return media;
}

export function checkOptions(options) {
  const o = options || {};
  if (typeof o.endpoint !== 'string' || !o.endpoint) fail('endpoint is required (the URL of POST /v1/heartbeats)');
  const deviceId = o.deviceId;
  if (deviceId !== undefined && (typeof deviceId !== 'string' || deviceId.length < 1 || deviceId.length > 64)) {
    fail('deviceId must be a string of 1 to 64 characters');
  }
  if (o.country !== undefined && (typeof o.country !== 'string' || !COUNTRY.test(o.country))) {
    fail('country must be an ISO 3166-1 alpha-2 code such as "DE" (got ' + JSON.stringify(o.country) + ')');
  }
  const deviceType = o.deviceType === undefined ? 'WEB' : o.deviceType;
  if (DEVICE_TYPES.indexOf(deviceType) < 0) fail('deviceType must be one of ' + DEVICE_TYPES.join(', '));
  if (o.onDrop !== undefined && typeof o.onDrop !== 'function') fail('onDrop must be a function');
  return {
    endpoint: o.endpoint,
    userId: id('userId', o.userId, true),
    videoId: id('videoId', o.videoId, true),
    deviceId,
    country: o.country,
    deviceType,
    maxQueuedEvents: count('maxQueuedEvents', o.maxQueuedEvents, 1, 5000),
    onDrop: o.onDrop,
  };
}

export function checkVideoId(videoId) {
  return id('videoId', videoId, true);
}

export function checkAd(ad) {
  const a = ad || {};
  const adServingId = a.adServingId;
  if (adServingId !== undefined &&
      (typeof adServingId !== 'string' || adServingId.length < 1 || adServingId.length > 128)) {
    fail('adServingId must be a string of 1 to 128 characters (the VAST 4 AdServingId)');
  }
  return {
    adId: id('adId', a.adId, true),
    durationMs: positive('durationMs', a.durationMs),
    adServingId,
    element: a.element,
  };
}
