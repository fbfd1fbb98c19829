import type { ProviderChoice } from './protocol';

export interface ProviderEnvironment {
  /** Result of navigator.gpu.requestAdapter(): null when there is none. */
  adapter: { isFallbackAdapter: boolean; description: string } | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

/** ORT's WASM threads scale poorly past a few cores for these small models. */
const MAX_THREADS = 4;
/**
 * Half the cores: the page's main thread, the image decoders and, on a workstation, the PACS tools need the rest.
 * On 2 quiet cores a second thread ran each model 1.3–1.5× faster (bench ai, load 1–2.5), but with the whole
 * system on 2 cores (the e2e suite: Orthanc, PostgreSQL, the server and the browser) it made background triage
 * and review timing-sensitive enough to fail 3 of 180 e2e runs in two rehearsals, against none in two with 1.
 */
const wasmThreads = (cores: number) => Math.max(1, Math.min(MAX_THREADS, Math.floor(cores / 2)));

/**
 * WebGPU only on a real adapter (a fallback adapter is SwiftShader on the CPU: slower than WASM).
 * Otherwise WASM (ORT ships SIMD builds only), threaded when SharedArrayBuffer is allowed.
 */
export function chooseProvider(env: ProviderEnvironment): ProviderChoice {
  if (env.adapter && !env.adapter.isFallbackAdapter) {
    return { provider: 'webgpu', threads: 1, reason: `WebGPU adapter ${env.adapter.description || '(unnamed)'}` };
  }
  const gpu = env.adapter ? 'only a fallback WebGPU adapter' : 'no WebGPU adapter';
  if (!env.crossOriginIsolated) return { provider: 'wasm', threads: 1, reason: `${gpu}; not cross-origin isolated: WASM SIMD, 1 thread` };
  const threads = wasmThreads(env.hardwareConcurrency);
  return { provider: 'wasm', threads, reason: `${gpu}; cross-origin isolated: WASM SIMD, ${threads} thread${threads === 1 ? '' : 's'}` };
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string };
}

/** Reads the environment of the current (worker) global scope. */
export async function probeEnvironment(): Promise<ProviderEnvironment> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  let adapter: ProviderEnvironment['adapter'] = null;
  try {
    const found = gpu ? await gpu.requestAdapter() : null;
    if (found) {
      adapter = {
        isFallbackAdapter: Boolean(found.info?.isFallbackAdapter ?? found.isFallbackAdapter),
        description: found.info?.description || found.info?.vendor || '',
      };
    }
  } catch {
    adapter = null;
  }
  return { adapter, crossOriginIsolated: globalThis.crossOriginIsolated === true, hardwareConcurrency: navigator.hardwareConcurrency || 1 };
}
