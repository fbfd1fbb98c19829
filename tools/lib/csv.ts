/** RFC 4180 CSV, the format of every labels.csv: the one parser of the seed and the model evaluation. */

/** Records as cells: quoted fields may hold commas, newlines and doubled quotes; CRLF or LF; blank lines skipped. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((cells) => cells.length > 1 || cells[0] !== '');
}

export interface CsvTable {
  /** The header row; empty for an empty text. */
  columns: string[];
  /** One object per record, keyed by the header; missing trailing cells are ''. */
  rows: Record<string, string>[];
}

export function csvTable(text: string): CsvTable {
  const [columns = [], ...records] = csvRecords(text);
  return { columns, rows: records.map((cells) => Object.fromEntries(columns.map((name, index) => [name, cells[index] ?? '']))) };
}
