/** Corner overlay text, formatted as plain strings (rendered as text nodes, never HTML). */
import type { StudyHeader } from '../study/series';
import type { Voi } from './voi';

export interface OverlayInput {
  header: StudyHeader | null;
  seriesNumber: number | undefined;
  seriesDescription: string;
  modality: string;
  imageIndex: number;
  imageCount: number;
  voi: Voi | null;
  zoom: number | null;
  calibrationLabel: string;
}

export interface OverlayText {
  topLeft: string[];
  topRight: string[];
  bottomLeft: string[];
  bottomRight: string[];
}

/** DICOM DA "YYYYMMDD" → ISO "YYYY-MM-DD"; anything else is shown unchanged. */
export function formatDicomDate(da: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}

export function formatVoi(voi: Voi | null): string {
  if (!voi) return 'W/L —';
  return `W ${Math.round(voi.windowWidth)} / L ${Math.round(voi.windowCenter)}`;
}

export function formatZoom(zoom: number | null): string {
  return zoom === null || !Number.isFinite(zoom) ? 'Zoom —' : `Zoom ${Math.round(zoom * 100)}%`;
}

export function overlayText(input: OverlayInput): OverlayText {
  const h = input.header;
  const series = [input.seriesNumber !== undefined ? `Se ${input.seriesNumber}` : '', input.modality, input.seriesDescription].filter(Boolean).join(' · ');
  return {
    topLeft: [h?.patientName || 'Unnamed patient', h?.patientID ? `ID ${h.patientID}` : ''].filter(Boolean),
    topRight: [h?.description ?? '', h?.studyDate ? formatDicomDate(h.studyDate) : ''].filter(Boolean),
    bottomLeft: [series, input.imageCount > 0 ? `Im ${input.imageIndex + 1}/${input.imageCount}` : 'No image'].filter(Boolean),
    bottomRight: [formatVoi(input.voi), formatZoom(input.zoom), input.calibrationLabel].filter(Boolean),
  };
}
