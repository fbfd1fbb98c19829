import { describe, expect, it } from 'vitest';
import { csvRecords, csvTable } from '../../tools/lib/csv';

describe('csvTable', () => {
  it.each([
    ['plain', 'a,b\n1,2\n', [{ a: '1', b: '2' }]],
    ['quoted comma and doubled quote', 'a,b\n"x, ""y""",2\n', [{ a: 'x, "y"', b: '2' }]],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2\r\n3,4',
      [
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ],
    ],
    ['newline inside quotes', 'a,b\n"line1\nline2",2\n', [{ a: 'line1\nline2', b: '2' }]],
    [
      'empty fields and short rows',
      'a,b,c\n,,\n1\n',
      [
        { a: '', b: '', c: '' },
        { a: '1', b: '', c: '' },
      ],
    ],
    ['header only', 'a,b\n', []],
    ['blank lines', 'a,b\n\n1,2\n\r\n', [{ a: '1', b: '2' }]],
  ])('%s', (_name, text, rows) => {
    expect(csvTable(text).rows).toEqual(rows);
  });

  it('keeps the header even without records, and none for an empty text', () => {
    expect(csvTable('file,split\n').columns).toEqual(['file', 'split']);
    expect(csvTable('')).toEqual({ columns: [], rows: [] });
  });
});

describe('csvRecords', () => {
  it('handles quotes, embedded commas, doubled quotes, CRLF and a missing final newline', () => {
    const text = 'file,note,n\r\na.png,"x, ""y""",1\r\nb.png,"two\nlines",\nc.png,plain,3';
    expect(csvRecords(text)).toEqual([
      ['file', 'note', 'n'],
      ['a.png', 'x, "y"', '1'],
      ['b.png', 'two\nlines', ''],
      ['c.png', 'plain', '3'],
    ]);
  });
});
