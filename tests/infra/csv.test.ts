import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../scripts/seed/csv';

describe('parseCsv', () => {
  it.each([
    ['plain', 'a,b\n1,2\n', [{ a: '1', b: '2' }]],
    ['quoted comma and doubled quote', 'a,b\n"x, ""y""",2\n', [{ a: 'x, "y"', b: '2' }]],
    ['CRLF and no final newline', 'a,b\r\n1,2\r\n3,4', [{ a: '1', b: '2' }, { a: '3', b: '4' }]],
    ['newline inside quotes', 'a,b\n"line1\nline2",2\n', [{ a: 'line1\nline2', b: '2' }]],
    ['empty fields and short rows', 'a,b,c\n,,\n1\n', [{ a: '', b: '', c: '' }, { a: '1', b: '', c: '' }]],
    ['header only', 'a,b\n', []],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});
