// A video.js player seen as a media element: its events and state come from the player,
// so every tech and source handler (HTML5, VHS for HLS and DASH) is covered.

import { attach } from './index.js';

/**
 * @param {object} player a video.js player
 * @param {import('../types/index.js').AttachOptions} options as for attach()
 * @returns {import('../types/index.js').Tracker} detached when the player is disposed
 */
export function attachVideojs(player, options) {
  const tracker = attach(videojsMedia(player), options);
  player.one('dispose', () => tracker.detach());
  return tracker;
}

/** The player as the media element the tracker reads. */
export function videojsMedia(player) {
  return {
    get currentTime() {
      return player.currentTime();
    },
    get paused() {
      return player.paused();
    },
    get ended() {
      return player.ended();
    },
    get seeking() {
      return player.seeking();
    },
    get playbackRate() {
      return player.playbackRate();
    },
    get duration() {
      return player.duration();
    },
    get readyState() {
      return player.readyState();
    },
    addEventListener: (type, handler) => player.on(type, handler),
    removeEventListener: (type, handler) => player.off(type, handler),
  };
}
