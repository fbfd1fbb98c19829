// Injected into every page of the bench browser (plain JS: it is sent to the page as it is written).
//
// "First pixel", the same for every viewer: the largest visible <canvas> of at least 200×200 CSS px,
// scaled down to 32×32, has ≥ 20 of its 1,024 samples brighter than 24/255 in some channel.
// When re-armed (next study in the same page), that image must also be a new one: either the screen
// was blank (no such canvas, or nothing lit) in some frame since, or the content differs from what
// was shown at arming (mean absolute difference > 8/255). The difference alone is not enough: serial
// chest films of one patient, letterboxed in a narrow viewport, differ by less than that.
// Checked on every animation frame; window.__firstPixel = performance.now() of that frame, also told to the
// bench as a console message (tell): the bench listens rather than polls the page, whose polling script (Playwright's
// waitForFunction) took 30–50 ms of the page's main thread in the middle of the page's start.
(() => {
  function tell(probe, time) {
    window[probe] = time;
    console.debug(`dokuei-probe ${probe} ${time}`);
  }

  const SIDE = 32;
  const probe = document.createElement('canvas');
  probe.width = probe.height = SIDE;
  const context = probe.getContext('2d', { willReadFrequently: true });
  let baseline = null;
  let blankSinceArmed = false;

  function sample() {
    let best = null;
    let bestArea = 0;
    for (const canvas of document.querySelectorAll('canvas')) {
      const { width, height } = canvas.getBoundingClientRect();
      if (width >= 200 && height >= 200 && width * height > bestArea && canvas.width > 0) {
        best = canvas;
        bestArea = width * height;
      }
    }
    if (!best) return null;
    context.clearRect(0, 0, SIDE, SIDE);
    try {
      context.drawImage(best, 0, 0, SIDE, SIDE);
      return context.getImageData(0, 0, SIDE, SIDE).data;
    } catch {
      return null;
    }
  }

  function lit(data) {
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.max(data[i], data[i + 1], data[i + 2]) > 24) count++;
    return count >= 20;
  }

  function differsFromBaseline(data) {
    if (!baseline) return true;
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += Math.abs(data[i] - baseline[i]);
    return sum / data.length > 8;
  }

  function tick() {
    if (window.__firstPixel !== null) return;
    const data = sample();
    const shown = data !== null && lit(data);
    if (!shown) blankSinceArmed = true;
    if (shown && (blankSinceArmed || differsFromBaseline(data))) tell('__firstPixel', performance.now());
    else requestAnimationFrame(tick);
  }

  window.__armFirstPixel = () => {
    baseline = sample();
    blankSinceArmed = false;
    window.__firstPixel = null;
    requestAnimationFrame(tick);
  };
  window.__firstPixel = null;
  requestAnimationFrame(tick);

  // First rows: the frame in which an element matching window.__rowSelector (set by an earlier init
  // script) first has a non-empty box. window.__firstRows = performance.now() of that frame.
  window.__firstRows = null;
  function rowsTick() {
    const row = window.__rowSelector && document.querySelector(window.__rowSelector);
    if (row && row.getBoundingClientRect().height > 0) tell('__firstRows', performance.now());
    else requestAnimationFrame(rowsTick);
  }
  requestAnimationFrame(rowsTick);

  // Sort: clicks `button` and resolves with the milliseconds until the first five rows' `key` texts
  // (the first cell when `key` is null) differ from before and are in order (either direction).
  window.__measureSort = (button, key) =>
    new Promise((resolve) => {
      const keys = () =>
        [...document.querySelectorAll(window.__rowSelector)]
          .slice(0, 5)
          .map((row) => (key ? row.querySelector(key) : row.firstElementChild)?.textContent ?? '');
      const ordered = (list, sign) => list.every((k, i) => i === 0 || sign * list[i - 1].localeCompare(k) <= 0);
      const before = keys().join('|');
      const done = () => {
        const now = keys();
        return now.length > 1 && now.join('|') !== before && (ordered(now, 1) || ordered(now, -1));
      };
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const start = performance.now();
      document.querySelector(button).click();
      if (done()) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
})();
