import type { AttachOptions, Tracker } from './index.js';

/** Minimal shape of a video.js player that the adapter uses. */
export interface VideojsPlayer {
  currentTime(): number;
  paused(): boolean;
  ended(): boolean;
  seeking(): boolean;
  playbackRate(): number;
  duration(): number;
  readyState(): number;
  on(type: string, handler: (...args: unknown[]) => void): void;
  off(type: string, handler: (...args: unknown[]) => void): void;
  one(type: string, handler: (...args: unknown[]) => void): void;
}

/** Reports a video.js player's playback; detached when the player is disposed. */
export function attachVideojs(player: VideojsPlayer, options: AttachOptions): Tracker;

/** The player seen as the media element the tracker reads (for attach() with your own options). */
export function videojsMedia(player: VideojsPlayer): HTMLMediaElement;
