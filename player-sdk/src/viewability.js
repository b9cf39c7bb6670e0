// ad.viewablePercent: the share of the ad's element inside the viewport, from an
// IntersectionObserver (0 while the page is hidden). Geometry only: an element covered by
// another one still counts as in view, as IntersectionObserver v1 measures it.

const THRESHOLDS = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * @param {Element | undefined} element the ad's video or its container
 * @param {object} env see browserEnv() in tracker.js
 * @returns {{percent: () => (number | undefined), close: () => void}} percent() is
 *     undefined when the browser cannot measure (no element, no IntersectionObserver)
 */
export function createViewability(element, env) {
  const Observer = env.IntersectionObserver;
  if (!element || !Observer || typeof element.getBoundingClientRect !== 'function') {
    return { percent: () => undefined, close() {} };
  }
  // the observer answers on a later frame; AD_START goes out now, measured by hand
  let ratio = inViewport(element, env.window);
  const observer = new Observer((entries) => {
    ratio = entries[entries.length - 1].intersectionRatio;
  }, { threshold: THRESHOLDS });
  observer.observe(element);
  return {
    percent() {
      if (env.document && env.document.visibilityState === 'hidden') return 0;
      return Math.max(0, Math.min(100, Math.floor(ratio * 100 + 1e-6)));
    },
    close: () => observer.disconnect(),
  };
}

function inViewport(element, win) {
  const r = element.getBoundingClientRect();
  const area = r.width * r.height;
  if (!(area > 0) || !win) return 0;
  const width = Math.max(0, Math.min(r.right, win.innerWidth) - Math.max(r.left, 0));
  const height = Math.max(0, Math.min(r.bottom, win.innerHeight) - Math.max(r.top, 0));
  return (width * height) / area;
}
