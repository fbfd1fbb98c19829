// Plain JS injected as written into a blank page of the app's origin (code compiled by tsx would call
// its own helpers, absent in the page). It starts the app's built AI worker (src/services/inference/worker/ai.worker.ts)
// with the protocol of src/services/inference/worker/protocol.ts and returns plain JSON (typed arrays become arrays).
(() => {
  const plain = (value) => JSON.parse(JSON.stringify(value, (_key, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
  const pending = new Map();
  const images = new Map();
  let nextId = 1;
  let worker = null;

  function request(message) {
    const requestId = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(requestId, { resolve, reject });
      worker.postMessage({ ...message, requestId });
    });
  }

  window.__aiHarness = {
    /** Resolves once every model is compiled: { choice, files, compileMs: { id: ms }, executionProviders: { id: ep }, refused }. */
    start(workerUrl, models, provider) {
      const ready = { choice: null, compileMs: {}, executionProviders: {}, refused: [] };
      return new Promise((resolve, reject) => {
        worker = new Worker(workerUrl, { type: 'module', name: 'dokuei-ai-harness' });
        worker.onerror = (event) => reject(new Error(`AI worker failed: ${event.message}`));
        worker.onmessage = ({ data: event }) => {
          if (event.type === 'result' || event.type === 'failed') {
            const waiting = pending.get(event.requestId);
            pending.delete(event.requestId);
            if (event.type === 'failed') waiting.reject(new Error(event.message));
            else waiting.resolve({ result: event.result, totalMs: event.totalMs, analyzeMs: event.analyzeMs });
          } else if (event.type === 'provider') ready.choice = event.choice;
          else if (event.type === 'model-ready') {
            ready.compileMs[event.manifest.id] = event.compileMs;
            ready.executionProviders[event.manifest.id] = event.executionProvider;
          } else if (event.type === 'model-refused') ready.refused.push(`${event.model}: ${event.message}`);
          else if (event.type === 'ready') resolve({ ...ready, files: event.manifests.map((m) => m.file) });
        };
        worker.postMessage({ type: 'init', models, provider });
      });
    },

    /**
     * Keeps a decoded image (base64 Float32 pixels) in the page under `key`. Decoding 4 MB of base64 allocates
     * heavily; done once before measuring, its garbage collection does not fall on the worker's analyses.
     */
    upload(key, image) {
      const bytes = Uint8Array.from(atob(image.base64), (c) => c.charCodeAt(0));
      images.set(key, { width: image.width, height: image.height, invert: image.invert, data: new Float32Array(bytes.buffer) });
    },

    /** Analyses an uploaded image (posted to the worker as the app posts a frame); `full` keeps the pixel arrays of the result. */
    async analyzeImage(key, explain, full) {
      const reply = await request({ type: 'analyze-image', image: images.get(key), explain });
      if (!full) {
        for (const model of reply.result.models) {
          delete model.heatmaps;
          delete model.segmentation;
        }
      }
      return plain(reply);
    },

    stop() {
      worker?.terminate();
      worker = null;
    },
  };
})();
