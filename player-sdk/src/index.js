// playback-web: exact playback heartbeats from a web player (see README.md).

import { browserEnv, createTracker } from './tracker.js';

export { SDK, VERSION } from './version.js';

/**
 * Starts reporting a media element's playback to POST /v1/heartbeats.
 *
 * @param {HTMLMediaElement} media the element that plays the content (hls.js, Shaka and
 *     dash.js play into one too)
 * @param {import('../types/index.js').AttachOptions} options who watches what, and where
 *     to send it
 * @returns {import('../types/index.js').Tracker}
 * @throws {TypeError} at once, when an option breaks the contract (an id outside
 *     [A-Za-z0-9._:-]{1,64}, a country that is not two capital letters, ...)
 */
export function attach(media, options) {
  return createTracker(media, options, browserEnv());
}
