/**
 * The committed test detector (models/training/make_test_detector.py) end to end in Node: its ONNX on
 * onnxruntime-node through analyzeImage, the box as a finding, the AI result SR's SCOORD, read back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../../src/domain/ai/analyze';
import type { GrayImage } from '../../../../src/domain/ai/image';
import { validateManifest } from '../../../../src/domain/ai/manifest';
import { resultFromAnalysis } from '../../../../src/domain/ai/result/from-analysis';
import { resultFromSr } from '../../../../src/domain/ai/result/from-sr';
import { algorithmsOf } from '../../../../src/domain/ai/result/model-key';
import { loadModel } from '../../../../src/domain/ai/runtime/load-model';
import type { DicomJson } from '../../../../src/domain/dicom/dicom-json';
import { aiResultSr, fromPart10, type NaturalDataset, parseDokueiSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { Tag } from '../../../../src/domain/dicom/tags';
import { createOrtNodeBackend } from '../../../../src/services/inference/runtime/ort-node';
import { source } from '../../dicom/sr/fixtures';

const DIR = 'tests/fixtures/test-detector';
const manifest = validateManifest(JSON.parse(readFileSync(`${DIR}/test-detector.json`, 'utf8')), 'test-detector.json');

/** A dark, slightly noisy image with one bright square (left, top, side in pixels). */
function squareImage(width: number, height: number, square: { x: number; y: number; side: number }): GrayImage {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 100 + ((i * 7919) % 13);
  for (let y = square.y; y < square.y + square.side; y++) for (let x = square.x; x < square.x + square.side; x++) data[y * width + x] = 3000;
  return { width, height, data, invert: false };
}

const instance: DicomJson = {
  [Tag.StudyInstanceUID]: { vr: 'UI', Value: [source.studyInstanceUid] },
  [Tag.SeriesInstanceUID]: { vr: 'UI', Value: [source.seriesInstanceUid] },
  [Tag.SOPInstanceUID]: { vr: 'UI', Value: [source.sopInstanceUid] },
};

describe('test detector', async () => {
  const model = await loadModel(createOrtNodeBackend(), manifest, new Uint8Array(readFileSync(`${DIR}/${manifest.file}`)));

  it.each([
    { name: 'square image, whole canvas pixels', width: 256, height: 256, square: { x: 150, y: 60, side: 40 }, tolerance: 0 },
    // 300 px on a 128 canvas: one canvas pixel is 2.3 source pixels, so the edges land within that
    { name: 'wide image, letterboxed', width: 300, height: 200, square: { x: 121, y: 57, side: 43 }, tolerance: 2.4 },
  ])('finds the square: $name; NMS drops the shifted copy, the threshold the whole-image box', async ({ width, height, square, tolerance }) => {
    const analysis = await analyzeImage([model], squareImage(width, height, square));
    const boxes = analysis.models[0].detections ?? [];
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ label: 'bright_square', threshold: 0.5 });
    expect(boxes[0].score).toBeCloseTo(0.9, 6);
    const { x, y, width: w, height: h } = boxes[0].region;
    for (const [got, want] of [
      [x, square.x],
      [y, square.y],
      [x + w, square.x + square.side],
      [y + h, square.y + square.side],
    ])
      expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance);
  });

  it('finds nothing on an even image (the window stretches noise, so no noise here)', async () => {
    const flat = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(100), invert: false };
    expect((await analyzeImage([model], flat)).models[0].detections).toEqual([]);
  });

  it('stores the box as a closed POLYLINE SCOORD selected from the image, and reads it back as the same finding', async () => {
    const analysis = await analyzeImage([model], squareImage(256, 256, { x: 150, y: 60, side: 40 }));
    const computed = resultFromAnalysis(analysis, [manifest], instance);
    expect(computed.findings).toEqual([
      {
        label: 'bright_square',
        probability: expect.closeTo(0.9, 6) as number,
        threshold: 0.5,
        positive: true,
        region: { kind: 'box', x: 150, y: 60, width: 40, height: 40 },
      },
    ]);
    const sr = fromPart10(
      toPart10(
        aiResultSr({
          source,
          computedAt: new Date(computed.computedAt),
          algorithms: algorithmsOf([manifest]),
          findings: computed.findings,
          qaFlags: [],
          lungAreas: [],
        }),
      ),
    );

    const items = (item: NaturalDataset): NaturalDataset[] => [item, ...((item.ContentSequence as NaturalDataset[] | undefined) ?? []).flatMap(items)];
    const scoord = items(sr).find((i) => i.ValueType === 'SCOORD');
    expect(scoord).toMatchObject({ GraphicType: 'POLYLINE', GraphicData: [150, 60, 190, 60, 190, 100, 150, 100, 150, 60] });
    expect(scoord?.ContentSequence).toEqual([
      expect.objectContaining({
        RelationshipType: 'SELECTED FROM',
        ValueType: 'IMAGE',
        ReferencedSOPSequence: [expect.objectContaining({ ReferencedSOPInstanceUID: source.sopInstanceUid })],
      }),
    ]);

    const parsed = parseDokueiSr(sr);
    if (parsed.kind !== 'ai-result') throw new Error(`parsed as ${parsed.kind}`);
    expect(parsed.content.algorithms).toEqual([{ id: 'test-detector', version: manifest.version, sha256: manifest.sha256 }]);
    const stored = resultFromSr(parsed.content, { ...computed, srInstanceUid: String(sr.SOPInstanceUID) });
    expect(stored.findings).toEqual([{ ...computed.findings[0], probability: expect.closeTo(0.9, 6) as number, trackingUid: expect.any(String) as string }]);
  });
});
