import { describe, expect, it } from 'vitest';
import { chooseProvider } from '../../../../src/services/inference/worker/provider';

describe('chooseProvider', () => {
  it.each([
    ['a real GPU adapter', { adapter: { isFallbackAdapter: false, description: 'gpu' }, crossOriginIsolated: true, hardwareConcurrency: 8 }, 'webgpu', 1],
    [
      'a SwiftShader fallback adapter, isolated',
      { adapter: { isFallbackAdapter: true, description: 'swiftshader' }, crossOriginIsolated: true, hardwareConcurrency: 2 },
      'wasm',
      1,
    ],
    ['no adapter, not isolated', { adapter: null, crossOriginIsolated: false, hardwareConcurrency: 8 }, 'wasm', 1],
    ['no adapter, isolated, many cores', { adapter: null, crossOriginIsolated: true, hardwareConcurrency: 16 }, 'wasm', 4],
    ['no adapter, isolated, 4 cores: half', { adapter: null, crossOriginIsolated: true, hardwareConcurrency: 4 }, 'wasm', 2],
    ['no adapter, isolated, 1 core', { adapter: null, crossOriginIsolated: true, hardwareConcurrency: 1 }, 'wasm', 1],
  ] as const)('%s', (_name, env, provider, threads) => {
    const choice = chooseProvider(env);
    expect([choice.provider, choice.threads]).toEqual([provider, threads]);
    expect(choice.reason).not.toBe('');
  });
});
