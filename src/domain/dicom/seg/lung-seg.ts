/**
 * The AI lung mask as a DICOM Segmentation (BINARY, one frame per lung) referencing the analysed
 * projection image, built with dcmjs's Segmentation derivation.
 */
// @ts-expect-error dcmjs has no type declarations
import dcmjsUntyped from 'dcmjs';
import { nearestIndices, type SourceMask } from '../../ai/postprocess/segmentation';
import type { Code } from '../sr/codes';
import { type NaturalDataset, toNatural } from '../sr/dataset';
import { newUid, type UidSource } from '../sr/uid';

interface DcmjsSegmentation {
  dataset: NaturalDataset & { PerFrameFunctionalGroupsSequence: NaturalDataset[] };
  setNumberOfFrames(frames: number): void;
  addSegmentFromLabelmap(segment: NaturalDataset, labelmaps: Uint8Array[], labelValue: number, referencedFrameNumbers: number[]): void;
}

const { Segmentation } = (dcmjsUntyped as { derivations: { Segmentation: new (datasets: NaturalDataset[], options: object) => DcmjsSegmentation } })
  .derivations;

const sct = (CodeValue: string, CodeMeaning: string): Code => ({ CodeValue, CodingSchemeDesignator: 'SCT', CodeMeaning });
const ANATOMICAL_STRUCTURE = sct('123037004', 'Anatomical Structure');

/** The lungs, by labelmap value (LUNG_SEGMENT in src/domain/ai/result/types.ts): label, SNOMED CT code and a CIELab display colour. */
const LUNG_SEGMENTS = [
  { value: 1, label: 'Right lung', type: sct('3341006', 'Right lung'), colour: [46000, 50000, 30000] },
  { value: 2, label: 'Left lung', type: sct('44029006', 'Left lung'), colour: [50000, 30000, 50000] },
] as const;

export interface LungSegInput {
  /** WADO-RS metadata (DICOM JSON) or a naturalized dataset of the analysed image. */
  source: NaturalDataset;
  /** Labelmap over the whole image at any resolution: resampled (nearest) to the image's Rows × Columns. */
  labels: SourceMask;
  algorithm: { id: string; version: string };
  newUid?: UidSource;
}

/**
 * dcmjs derives from a normalized multi-frame image; a single-frame projection radiograph has no
 * normalizer, so the few attributes the derivation reads are given here (no plane position: no 3D geometry).
 */
function referenceOf(source: NaturalDataset): NaturalDataset {
  const rows = Number(source.Rows);
  const columns = Number(source.Columns);
  const spacing = source.PixelSpacing ?? source.ImagerPixelSpacing;
  return {
    ...source,
    NumberOfFrames: 1,
    PixelData: new ArrayBuffer(rows * columns),
    SharedFunctionalGroupsSequence: { PixelMeasuresSequence: spacing ? { PixelSpacing: spacing } : {} },
    PerFrameFunctionalGroupsSequence: [{ PlanePositionSequence: {}, PlaneOrientationSequence: {} }],
    _vrMap: {},
    _meta: {},
  };
}

/**
 * BINARY frames of the labelmap stretched (nearest) over rows × columns: one frame per label value,
 * 8 pixels a byte from the lowest bit and back to back (as dcmjs's bitPackPixelData writes them).
 * Packed straight from the model's mask, and a repeated source row is a byte copy when rows are whole
 * bytes: resampling to a 1024² labelmap and packing it took 9 ms per study on the page (Chromium profile).
 */
function packedFrames(mask: SourceMask, rows: number, columns: number, values: readonly number[]): ArrayBuffer {
  const pixels = rows * columns;
  const packed = new Uint8Array(Math.ceil((pixels * values.length) / 8));
  const frameOf = new Int32Array(256).fill(-1);
  values.forEach((value, frame) => (frameOf[value] = frame));
  const xs = nearestIndices(mask.width, columns);
  const ys = nearestIndices(mask.height, rows);
  const rowBytes = columns / 8;
  for (let y = 0; y < rows; y++) {
    if (columns % 8 === 0 && y > 0 && ys[y] === ys[y - 1]) {
      for (let frame = 0; frame < values.length; frame++) {
        const at = (frame * pixels + y * columns) / 8;
        packed.copyWithin(at, at - rowBytes, at);
      }
      continue;
    }
    for (let x = 0, from = ys[y]! * mask.width, i = y * columns; x < columns; x++, i++) {
      const frame = frameOf[mask.data[from + xs[x]!]!]!;
      if (frame < 0) continue;
      const bit = frame * pixels + i;
      packed[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return packed.buffer;
}

export function lungSeg(input: LungSegInput, now = new Date()): NaturalDataset {
  const source = toNatural(input.source);
  const rows = Number(source.Rows);
  const columns = Number(source.Columns);
  if (!(rows > 0 && columns > 0)) throw new Error('the source image metadata lacks Rows/Columns');
  const uid = input.newUid ?? newUid;
  const stamp = now.toISOString().replace(/[-:]/g, '');
  const seg = new Segmentation([referenceOf(source)], {
    SOPInstanceUID: uid(),
    SeriesInstanceUID: uid(),
    SeriesDescription: 'Dokuei AI lung mask (research use)',
    SeriesNumber: '9902',
    Manufacturer: 'Dokuei',
    ManufacturerModelName: input.algorithm.id,
    SoftwareVersions: input.algorithm.version,
    ContentLabel: 'LUNGS',
    ContentDescription: 'AI lung segmentation',
    SeriesDate: stamp.slice(0, 8),
    SeriesTime: stamp.slice(9, 15),
    ContentDate: stamp.slice(0, 8),
    ContentTime: stamp.slice(9, 15),
    includeSliceSpacing: false,
  });
  seg.setNumberOfFrames(LUNG_SEGMENTS.length);
  for (const segment of LUNG_SEGMENTS) {
    seg.addSegmentFromLabelmap(
      {
        SegmentLabel: segment.label,
        SegmentedPropertyCategoryCodeSequence: ANATOMICAL_STRUCTURE,
        SegmentedPropertyTypeCodeSequence: segment.type,
        SegmentAlgorithmType: 'AUTOMATIC',
        SegmentAlgorithmName: `${input.algorithm.id} ${input.algorithm.version}`,
        RecommendedDisplayCIELabValue: [...segment.colour],
      },
      // No labelmap: dcmjs adds the segment's metadata and frame, the pixels are packed below.
      [],
      segment.value,
      [1],
    );
  }
  const ds = seg.dataset;
  ds.PixelData = packedFrames(
    input.labels,
    rows,
    columns,
    LUNG_SEGMENTS.map((s) => s.value),
  );
  // A projection image has no frame of reference: one dimension (the segment), no plane positions.
  const dimension = (ds.DimensionOrganizationSequence as NaturalDataset).DimensionOrganizationUID;
  ds.DimensionIndexSequence = [
    {
      DimensionOrganizationUID: dimension,
      DimensionIndexPointer: 0x0062000b,
      FunctionalGroupPointer: 0x0062000a,
      DimensionDescriptionLabel: 'ReferencedSegmentNumber',
    },
  ];
  ds.PerFrameFunctionalGroupsSequence.forEach((frame, i) => {
    delete frame.PlanePositionSequence;
    delete frame.PlaneOrientationSequence;
    // The source is single-frame: its instance is referenced, not a frame of it.
    delete ((frame.DerivationImageSequence as NaturalDataset).SourceImageSequence as NaturalDataset).ReferencedFrameNumber;
    frame.FrameContentSequence = { DimensionIndexValues: [i + 1] };
  });
  for (const empty of ['FrameOfReferenceUID', 'PositionReferenceIndicator'] as const) if (!ds[empty]) delete ds[empty];
  // The source's text is Unicode by now (DICOM JSON) and is written as UTF-8, whatever the image's own set.
  ds.SpecificCharacterSet = 'ISO_IR 192';
  ds._vrMap = { PixelData: 'OB' };
  return ds;
}
