/** DICOMweb → the AI core's GrayImage, DOM-free (page, worker, Node). */
export { chooseChestInstance, PROJECTION_MODALITIES, type InstanceChoice } from './select-instance';
export { findChestInstance } from './study-instances';
export { EXPLICIT_VR_LITTLE_ENDIAN, fetchGrayFrame, frameAttributes, pixelSpacingOf, pixelSpacingWithSource, type FrameRequest, type SpacingSource } from './frame';
export { PixelTag } from './tags';
