// Types of playback-web (the library itself is plain JavaScript).

/** One event as POST /v1/heartbeats takes it (the suite's heartbeat contract). */
export interface PlaybackEvent {
  eventId: string;
  playbackId: string;
  seq: number;
  userId: string;
  videoId: string;
  deviceId?: string;
  type: 'START' | 'HEARTBEAT' | 'PAUSE' | 'RESUME' | 'SEEK' | 'STOP'
    | 'AD_START' | 'AD_HEARTBEAT' | 'AD_SKIP' | 'AD_COMPLETE' | 'AD_CLICK';
  positionMs: number;
  fromPositionMs?: number;
  videoDurationMs?: number;
  eventTime: string;
  country?: string;
  deviceType?: DeviceType;
  sdk: string;
  ad?: {
    adPlaybackId: string;
    adId: string;
    positionMs: number;
    durationMs: number;
    adServingId?: string;
    viewablePercent?: number;
  };
}

export type DeviceType = 'WEB' | 'IOS' | 'ANDROID' | 'TV' | 'OTHER';

/** Why events were given up: `rejected` (a 4xx other than 408/425/429), `queueFull`, `expired` (over 7 days old). */
export type DropReason = 'rejected' | 'queueFull' | 'expired';

export interface Drop {
  reason: DropReason;
  count: number;
  /** The HTTP status and the problem details' errors, or why the queue let them go. */
  detail?: string;
  events: PlaybackEvent[];
}

export interface AttachOptions {
  /** URL of ingest's `POST /v1/heartbeats`, e.g. `https://ingest.example.com/v1/heartbeats`. */
  endpoint: string;
  /** The viewer: 1 to 64 characters of `A-Z a-z 0-9 . _ : -`. */
  userId: string;
  /** The content: 1 to 64 characters of `A-Z a-z 0-9 . _ : -`. */
  videoId: string;
  /** The device, 1 to 64 characters. */
  deviceId?: string;
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  country?: string;
  /** `WEB` unless said otherwise. */
  deviceType?: DeviceType;
  /** Events kept while they cannot be delivered (5,000 by default: about 7 hours of playing); beyond it the oldest go. */
  maxQueuedEvents?: number;
  /** Told of every event given up. */
  onDrop?: (drop: Drop) => void;
}

export interface AdOptions {
  /** The ad creative, as in the ad catalog. */
  adId: string;
  /** The ad's length in ms. */
  durationMs: number;
  /** VAST 4 `AdServingId` of this ad playback, 1 to 128 characters, passed through for reconciliation. */
  adServingId?: string;
  /**
   * The ad's video element (its playhead is then read from it) or its container; its share in
   * view is sent as `ad.viewablePercent`. Without it, viewability is not measured.
   */
  element?: Element;
}

export interface Stats {
  /** Events waiting to be delivered. */
  queued: number;
  /** Events sent, each attempt counted. */
  sent: number;
  /** Events answered 202. */
  accepted: number;
  /** Failed attempts that will be tried again (503, 429, network errors, ...). */
  retries: number;
  dropped: { rejected: number; queueFull: number; expired: number };
  /** Why the last attempt failed, when one did. */
  lastError?: string;
}

export interface Tracker {
  /** AD_START (ending the content's run), then AD_HEARTBEAT every second until the ad ends. */
  adStart(ad: AdOptions): void;
  /** The ad's playhead in ms, for an ad whose element is not a media element. */
  adProgress(positionMs: number): void;
  adClick(): void;
  /** AD_SKIP; the ad is over. */
  adSkip(): void;
  /** AD_COMPLETE; the ad is over. */
  adComplete(): void;
  /** The ad is over without a skip or completion (abandoned). */
  adEnd(): void;
  /** Another video in the same element: STOP for this playback; the next play starts a new one. */
  setVideo(videoId: string): void;
  /** STOP when a playback is open, then stop listening; queued events are still delivered. */
  detach(): void;
  /** Send what is queued now, ignoring any back-off. */
  flush(): void;
  stats(): Stats;
  /** The current playback's id, or null between playbacks. */
  readonly playbackId: string | null;
}

/** Reports a media element's playback to ingest; throws a TypeError at once for options that break the contract. */
export function attach(media: HTMLMediaElement, options: AttachOptions): Tracker;

/** `playback-web/<version>`, sent with every event as `sdk`. */
export const SDK: string;
export const VERSION: string;
