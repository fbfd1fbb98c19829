/** The monitoring store: the server's report first; only a 404 (no database) makes the browser read the PACS. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { aiResultSr } from '../../../../src/domain/dicom/sr';
import type { PacsClient } from '../../../../src/services/pacs/client';
import { fetchServerMonitoring, MONITORING_API, SHADOW_API } from '../../../../src/services/reading/monitoring/api';
import { useMonitoring } from '../../../../src/services/reading/monitoring/store';
import type { ServerMonitoringReport } from '../../../../src/services/reading/monitoring/view';
import { source, uidCounter } from '../../../domain/dicom/sr/fixtures';

const report: ServerMonitoringReport = {
  models: [
    {
      model: 'cxr-triage@1.0.0',
      aiResults: 2,
      assessedResults: 0,
      assessedPositives: 0,
      acceptedPositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      ppv: null,
      sensitivity: null,
      ood: { count: 0, of: 0 },
      qaFlagged: { count: 0, of: 2 },
      labels: [{ label: 'abnormal', n: 2, mean: 0.5, histogram: [], days: [] }],
    },
  ],
  unknown: { 'not a dataset': 1 },
  orphanAssessments: 0,
  reports: 0,
  generatedAt: '2026-01-01T00:00:00.000Z',
  ms: 12.5,
};

const answer = (status: number, body: unknown) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const fetchOf = (response: () => Response) => vi.fn<typeof fetch>(async () => response());
/** A Dokuei server with a database: the report, and the shadow comparison (none running). */
const serverWith = (body: unknown) =>
  vi.fn<typeof fetch>(async (input) => (String(input) === SHADOW_API ? answer(200, { comparisons: [] }) : answer(200, body)));

/** A PACS with one study holding one AI result SR; records how often it was asked. */
function fakePacs(): PacsClient & { calls: number } {
  const ai = aiResultSr(
    {
      source,
      computedAt: new Date('2026-01-01T08:00:00Z'),
      algorithms: [{ id: 'cxr-triage', version: '9.9.9', sha256: 'c'.repeat(64) }],
      findings: [{ label: 'abnormal', probability: 0.95, threshold: 0.5, positive: true, trackingUid: '1.2.3.4' }],
      qaFlags: [],
      lungAreas: [],
    },
    { newUid: uidCounter() },
  );
  const client = {
    calls: 0,
    async searchStudies() {
      client.calls += 1;
      return [{ '0020000D': { vr: 'UI', Value: [source.studyInstanceUid] } }];
    },
    async searchSeries() {
      return [{ '0020000E': { vr: 'UI', Value: ['1.2.3.series'] } }];
    },
    async retrieveSeriesMetadata() {
      return [ai];
    },
  };
  return client as unknown as PacsClient & { calls: number };
}

describe('fetchServerMonitoring', () => {
  it('asks GET /api/monitoring, uncached, for JSON', async () => {
    const fetchFn = fetchOf(() => answer(200, report));
    expect(await fetchServerMonitoring(fetchFn)).toEqual(report);
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe(MONITORING_API);
    expect(init).toMatchObject({ cache: 'no-store', headers: { Accept: 'application/json' } });
  });

  it('null on 404: the server has no database', async () => {
    expect(await fetchServerMonitoring(fetchOf(() => answer(404, { error: 'not found' })))).toBeNull();
    expect(await fetchServerMonitoring(fetchOf(() => new Response('Not Found', { status: 404 })))).toBeNull();
  });

  it.each([
    ['401 with the server reason', () => answer(401, { error: 'sign in' }), 'monitoring: sign in'],
    ['500 without a reason', () => answer(500, {}), 'monitoring: HTTP 500'],
    ['an HTML page', () => new Response('<!doctype html><html></html>', { status: 200 }), 'not JSON'],
    ['JSON that is not a report', () => answer(200, { rows: [] }), 'not a report'],
  ])('throws on %s', async (_name, response, message) => {
    await expect(fetchServerMonitoring(fetchOf(response))).rejects.toThrow(message);
  });
});

describe('useMonitoring.load', () => {
  beforeEach(() => useMonitoring.setState({ phase: 'idle', progress: { done: 0, total: 0 }, view: null, error: null }));

  it('uses the server report and never reads the PACS', async () => {
    const pacs = fakePacs();
    await useMonitoring.getState().load(pacs, serverWith(report));
    const state = useMonitoring.getState();
    expect(state.phase).toBe('ready');
    expect(state.shadow).toEqual({ comparisons: [] });
    expect(state.view?.source).toEqual({ where: 'server', ms: 12.5, aiResults: 2, generatedAt: report.generatedAt });
    expect(state.view?.models.map((m) => m.model)).toEqual(['cxr-triage@1.0.0']);
    expect(state.view?.unknown).toEqual(new Map([['not a dataset', 1]]));
    expect(pacs.calls).toBe(0);
  });

  it('on 404 computes in the browser from every SR in the PACS', async () => {
    const pacs = fakePacs();
    await useMonitoring.getState().load(
      pacs,
      fetchOf(() => answer(404, {})),
    );
    const state = useMonitoring.getState();
    expect(state.phase).toBe('ready');
    expect(pacs.calls).toBe(1);
    expect(state.progress).toEqual({ done: 1, total: 1 });
    expect(state.view?.source).toMatchObject({ where: 'browser', studies: 1 });
    const [model] = state.view!.models;
    expect(model.model).toBe('cxr-triage@9.9.9');
    expect(model.labels).toEqual([expect.objectContaining({ label: 'abnormal', n: 1, mean: 0.95, days: [{ day: '2026-01-01', n: 1, mean: 0.95 }] })]);
    expect(model.labels[0].histogram[9].count).toBe(1);
  });

  it('any other failure is an error, without falling back', async () => {
    const pacs = fakePacs();
    await useMonitoring.getState().load(
      pacs,
      fetchOf(() => answer(500, { error: 'database down' })),
    );
    expect(useMonitoring.getState()).toMatchObject({ phase: 'error', error: 'monitoring: database down' });
    expect(pacs.calls).toBe(0);
  });

  it('a later load wins over an earlier one still under way', async () => {
    let release!: () => void;
    const slow = vi.fn<typeof fetch>(() => new Promise<Response>((resolve) => (release = () => resolve(answer(500, { error: 'stale' })))));
    const first = useMonitoring.getState().load(fakePacs(), slow);
    await useMonitoring.getState().load(fakePacs(), serverWith(report));
    release();
    await first;
    expect(useMonitoring.getState()).toMatchObject({ phase: 'ready', error: null });
  });
});
