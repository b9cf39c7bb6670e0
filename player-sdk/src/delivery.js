// Gets events to POST /v1/heartbeats and answered 202: batches of up to 500, one request in
// flight, retries with exponential back-off and jitter (Retry-After honoured) that always
// re-send the same events, and a bounded queue kept in localStorage so that events outlive
// a reload, an offline spell or a closed tab. What is given up is counted and reported.

const MAX_BATCH = 500; // the contract's largest request
const BEACON_BYTES = 60000; // browsers allow 64 KiB of keepalive and beacon bodies in flight
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60000;
const MAX_AGE_MS = 7 * 86400000 - 3600000; // ingest refuses events older than 7 days
const ORPHANED_AFTER_MS = 180000; // a stored queue nobody wrote for 3 min: its page is gone
const WARN_EVERY_MS = 60000;
const KEY = 'playback-web:queue:';

/**
 * @param {{endpoint: string, maxQueuedEvents: number, onDrop?: Function}} config
 * @param {object} env what the browser provides (see browserEnv in tracker.js)
 */
export function createDelivery(config, env) {
  const endpoint = config.endpoint;
  const prefix = KEY + endpoint + ' ';
  const key = prefix + env.randomUUID();
  const counts = { sent: 0, accepted: 0, retries: 0, rejected: 0, queueFull: 0, expired: 0 };
  const warnedAt = {};
  let queue = [];
  let inFlight = null;
  let timer = null;
  let attempt = 0;
  let backoffUntil = 0;
  let batchSize = MAX_BATCH;
  let lastError;

  function persist() {
    try {
      if (queue.length) env.storage.setItem(key, JSON.stringify({ t: env.now(), e: queue }));
      else env.storage.removeItem(key);
    } catch (e) {
      // no storage, or over its quota: the queue lives in this page only
    }
  }

  /** Takes over the stored queues of pages that are gone (same endpoint). */
  function adopt() {
    try {
      const storage = env.storage;
      const keys = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k !== key && k && k.indexOf(prefix) === 0) keys.push(k);
      }
      for (const k of keys) {
        const stored = JSON.parse(storage.getItem(k));
        if (!stored || !(env.now() - stored.t <= ORPHANED_AFTER_MS)) {
          storage.removeItem(k);
          if (stored && Array.isArray(stored.e)) stored.e.forEach(add);
        }
      }
    } catch (e) {
      // unreadable storage: nothing to take over
    }
  }

  function drop(reason, events, detail) {
    if (!events.length) return;
    counts[reason] += events.length;
    if (!(env.now() - warnedAt[reason] < WARN_EVERY_MS)) {
      warnedAt[reason] = env.now();
      env.warn('playback-web: dropped ' + events.length + ' event(s), ' + reason + (detail ? ': ' + detail : '') +
        ' (see stats().dropped)');
    }
    if (config.onDrop) {
      try {
        config.onDrop({ reason, count: events.length, detail, events });
      } catch (e) {
        // the app's callback must not stop delivery
      }
    }
  }

  function add(event) {
    while (queue.length >= config.maxQueuedEvents) {
      drop('queueFull', [queue.shift()], 'the queue holds at most ' + config.maxQueuedEvents + ' events; the oldest goes');
    }
    queue.push(event);
  }

  function remove(events) {
    const gone = new Set(events);
    queue = queue.filter((e) => !gone.has(e));
    persist();
  }

  function expire() {
    const oldest = env.now() - MAX_AGE_MS;
    drop('expired', queue.filter((e) => Date.parse(e.eventTime) < oldest), 'older than the 7 days ingest accepts');
    queue = queue.filter((e) => !(Date.parse(e.eventTime) < oldest));
  }

  function schedule() {
    if (timer === null && inFlight === null && queue.length) {
      timer = env.setTimeout(pump, Math.max(0, backoffUntil - env.now()));
    }
  }

  function pump() {
    timer = null;
    if (inFlight !== null) return;
    expire();
    if (!queue.length) {
      persist();
      return;
    }
    const batch = queue.slice(0, batchSize);
    inFlight = batch;
    counts.sent += batch.length;
    let request;
    try {
      const body = JSON.stringify(batch);
      request = env.fetch(endpoint, {
        method: 'POST',
        // a CORS-simple request: no preflight, and the same body sendBeacon sends
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body,
        credentials: 'omit',
        keepalive: body.length <= BEACON_BYTES,
      });
    } catch (e) {
      request = Promise.reject(e);
    }
    Promise.resolve(request)
      .then((response) => answered(batch, response), (error) => retry(String(error), null))
      .then(settle, (error) => {
        lastError = String(error);
        retry(lastError, null);
        settle();
      });
  }

  function settle() {
    inFlight = null;
    schedule();
  }

  async function answered(batch, response) {
    const status = response.status;
    if (status >= 200 && status < 300) {
      counts.accepted += batch.length;
      attempt = 0;
      remove(batch);
      adopt();
      return;
    }
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      retry('HTTP ' + status, response.headers && response.headers.get('Retry-After'));
      return;
    }
    if (status === 413 && batch.length > 1) {
      batchSize = Math.ceil(batch.length / 2);
      return;
    }
    let rejected = batch;
    let detail = 'HTTP ' + status;
    if (status === 400) {
      // the answer names each bad event by its index: the others go again
      try {
        const problem = await response.json();
        const bad = new Set((problem.errors || []).map((error) => error.index));
        detail += ' ' + JSON.stringify(problem.errors || problem.detail);
        if (bad.size && bad.size < batch.length) rejected = batch.filter((e, i) => bad.has(i));
      } catch (e) {
        // no problem details: the whole batch goes
      }
    }
    attempt = 0;
    lastError = detail;
    remove(rejected);
    drop('rejected', rejected, detail);
  }

  function retry(reason, retryAfter) {
    lastError = reason;
    attempt++;
    counts.retries++;
    const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * Math.pow(2, attempt - 1));
    let delay = ceiling / 2 + (env.random() * ceiling) / 2;
    if (retryAfter) {
      const asked = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - env.now();
      if (asked > delay) delay = Math.min(asked, 3600000);
    }
    backoffUntil = env.now() + delay;
    persist(); // also tells other pages that this one is alive
  }

  /** Sends now, back-off or not: the page is going to the background, maybe for good. */
  function flush() {
    backoffUntil = 0;
    if (timer !== null) {
      env.clearTimeout(timer);
      timer = null;
    }
    schedule();
  }

  /**
   * The page is going away: hands every queued event to the browser (sendBeacon, else a
   * keepalive fetch), which sends them after the page is gone. They stay stored until a
   * 202 is seen: the next page of this site sends them again if the beacon was lost, and
   * the suite counts a re-sent event once.
   */
  function unload() {
    let chunk = [];
    let size = 2;
    const post = () => {
      if (!chunk.length) return;
      const body = JSON.stringify(chunk);
      let queued = false;
      try {
        queued = env.sendBeacon(endpoint, body);
      } catch (e) {
        // fall back to fetch
      }
      if (!queued) {
        try {
          env.fetch(endpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
            body,
            credentials: 'omit',
            keepalive: true,
          }).catch(() => {});
        } catch (e) {
          // nothing more a leaving page can do; the events stay stored
        }
      }
      chunk = [];
      size = 2;
    };
    for (const event of queue) {
      const length = JSON.stringify(event).length + 1;
      if (chunk.length === MAX_BATCH || size + length > BEACON_BYTES) post();
      chunk.push(event);
      size += length;
    }
    post();
    persist();
  }

  adopt();
  persist();
  schedule();

  return {
    enqueue(event) {
      add(event);
      persist();
      schedule();
    },
    flush,
    online: flush,
    unload,
    stats() {
      return {
        queued: queue.length,
        sent: counts.sent,
        accepted: counts.accepted,
        retries: counts.retries,
        dropped: { rejected: counts.rejected, queueFull: counts.queueFull, expired: counts.expired },
        lastError,
      };
    },
  };
}
