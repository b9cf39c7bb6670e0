// The library's name and version, sent with every event as `sdk` (kept equal to
// package.json's version by a test).
export const VERSION = '0.1.0';
export const SDK = 'playback-web/' + VERSION;
