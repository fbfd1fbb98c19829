/**
 * DICOM DA/TM/DT values for instants. Everything is written in UTC with the offset stated
 * (TimezoneOffsetFromUTC "+0000", DT with "+0000"), so a read gives back the same instant.
 */
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function dicomDate(instant: Date): string {
  return `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}`;
}

export function dicomTime(instant: Date): string {
  const seconds = `${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}`;
  return `${seconds}.${pad(instant.getUTCMilliseconds(), 3)}`;
}

export function dicomDateTime(instant: Date): string {
  return `${dicomDate(instant)}${dicomTime(instant)}+0000`;
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?$/;
const DATE_TIME = /^(\d{8})(\d{6}(?:\.\d{1,6})?)([+-]\d{4})?$/;

/** DA + TM (+ offset) back to an instant; undefined when malformed. */
function instantFromDateTime(date: unknown, time: unknown, offset = '+0000'): Date | undefined {
  if (typeof date !== 'string' || typeof time !== 'string') return undefined;
  const d = DATE.exec(date.trim());
  const t = TIME.exec(time.trim());
  const o = /^([+-])(\d{2})(\d{2})$/.exec(offset.trim());
  if (!d || !t || !o) return undefined;
  const millis = Math.round(Number(`0.${t[4] ?? '0'}`) * 1000);
  const offsetMinutes = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
  const utc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3]), millis);
  return Number.isNaN(utc) ? undefined : new Date(utc - offsetMinutes * 60_000);
}

/** A DT value back to an instant; one without an offset is read as UTC. */
export function instantFromDicomDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_TIME.exec(value.trim());
  return match ? instantFromDateTime(match[1], match[2], match[3]) : undefined;
}

/** A DA value (YYYYMMDD) checked for shape. */
export function isDicomDate(value: string): boolean {
  return DATE.test(value);
}
