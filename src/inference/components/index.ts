export { AiFindingsPanel } from './AiFindingsPanel';
export { AiImageOverlay } from './AiImageOverlay';
export { AiStatusCell } from './AiStatusCell';
export { AiTriageProgress } from './AiTriageProgress';
