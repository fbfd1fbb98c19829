/** The one way the app talks to the PACS. Framework-free: page, Web Worker and Node alike. */
export * from './tags';
export * from './dicom-json';
export * from './errors';
export * from './client';
export * from './default-client';
export * from './orthanc-changes';
export * from './study-harvest';
export { decodeMultipart, encodeMultipartRelated, boundaryOf } from './multipart';
