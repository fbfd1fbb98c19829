/**
 * DICOM DA / TM / DT values → an instant (epoch ms), pure. DICOM times carry no zone: without
 * TimezoneOffsetFromUTC (0008,0201) or a DT's own "&ZZXX" suffix they are read in the local time zone
 * of the process (the PACS and the department share it); with one, that offset is honoured.
 */

/** "+0100" / "-0530" → minutes east of UTC; undefined when blank or malformed. */
export function parseUtcOffset(text: string): number | undefined {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!m || +m[2] > 14 || +m[3] > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +m[3]);
}

function instant(parts: number[], offsetMinutes: number | undefined): number | null {
  const [year, month, day, hour, minute, second, ms] = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  if (new Date(utc).getUTCDate() !== day) return null; // 31 June, 29 February of a common year
  if (offsetMinutes !== undefined) return utc - offsetMinutes * 60_000;
  return new Date(year, month - 1, day, hour, minute, Math.min(second, 59), ms).getTime();
}

/** HH[MM[SS[.F…]]] (or the retired HH:MM:SS) → [hour, minute, second, ms]; null when malformed. */
function timeParts(text: string): number[] | null {
  const m = /^(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,6}))?$/.exec(text.trim().replace(/:/g, ''));
  if (!m) return null;
  return [+m[1], +(m[2] ?? 0), +(m[3] ?? 0), Math.floor(+(m[4] ?? '0').padEnd(6, '0') / 1000)];
}

/** StudyDate + StudyTime (or SeriesDate + SeriesTime) → epoch ms; a blank time is midnight; null when not a full date. */
export function parseDicomDateTime(date: string, time: string, offset = ''): number | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!d) return null;
  const t = time.trim() === '' ? [0, 0, 0, 0] : timeParts(time);
  if (!t) return null;
  return instant([+d[1], +d[2], +d[3], ...t], parseUtcOffset(offset));
}

/** DT "YYYYMMDDHHMMSS.FFFFFF&ZZXX" (components after the day optional) → epoch ms; its own offset wins. */
export function parseDicomDt(value: string, offset = ''): number | null {
  const m = /^(\d{8})(\d{2,6}(?:\.\d{1,6})?)?([+-]\d{4})?$/.exec(value.trim());
  if (!m || (m[2] && m[2].split('.')[0].length % 2 !== 0)) return null;
  return parseDicomDateTime(m[1], m[2] ?? '', m[3] ?? offset);
}
