/** Where the Cornerstone codec .wasm files are served; shared by the Vite plugin and the loader setup. */
export const CODEC_WASM_BASE = '/cornerstone-codecs/';
