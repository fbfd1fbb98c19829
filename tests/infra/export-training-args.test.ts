import { describe, expect, it } from 'vitest';
import { parseExportArgs, UsageError } from '../../tools/export-training/args';

describe('parseExportArgs', () => {
  it('reads every option and records the filters as given', () => {
    expect(parseExportArgs(['--out', 'set', '--since', '20260131', '--model', 'cxr-triage@1.0.0', '--salt-file', 'k'])).toEqual({
      out: 'set',
      since: new Date('2026-01-31T00:00:00Z'),
      model: 'cxr-triage@1.0.0',
      saltFile: 'k',
      given: { since: '20260131', model: 'cxr-triage@1.0.0' },
    });
    expect(parseExportArgs(['--out', 'set'])).toEqual({ out: 'set', given: {} });
  });

  it.each([
    [[], /--out/],
    [['--out', 'x', '--since', '2026-01-31'], /YYYYMMDD/],
    [['--out', 'x', '--since', '20260231'], /YYYYMMDD/],
    [['--out', 'x', '--model', 'cxr-triage'], /id@version/],
    [['--out', 'x', '--split', 'test'], /split/],
    [['--out', 'x', 'extra'], /extra/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseExportArgs(argv)).toThrow(UsageError);
    expect(() => parseExportArgs(argv)).toThrow(message);
  });
});
