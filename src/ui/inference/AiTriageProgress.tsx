import { median, type ModelLoadState, triageRate, useInference } from '../../services/inference/store';

function modelLine(id: string, state: ModelLoadState): string {
  if (state.phase === 'ready') return `${id} ready`;
  if (state.phase === 'refused') return `${id} refused`;
  if (state.phase === 'download') return `${id} downloading ${Math.round((100 * state.loaded) / Math.max(state.total, 1))} %`;
  return `${id} ${state.phase === 'verify' ? 'verifying' : 'compiling'}…`;
}

/**
 * Worklist header: the background triage queue (n of N, rate; n counts studies with an outcome, never
 * those waiting for an unreachable PACS) and model loading (src/services/triage/ai-queue.ts feeds it).
 */
export function AiTriageProgress() {
  const progress = useInference((s) => s.progress);
  const models = useInference((s) => s.models);
  const provider = useInference((s) => s.provider);
  const inferencesRun = useInference((s) => s.inferencesRun);
  const timings = useInference((s) => s.timings);
  const failed = useInference((s) => Object.values(s.studies).filter((status) => status.phase === 'failed').length);
  const rate = triageRate(progress, Date.now());
  // Median worker times (ms), per model and per study, for benchmarks and the curious.
  const medians = JSON.stringify({
    study: median(timings.study),
    ...Object.fromEntries(Object.entries(timings.models).map(([id, ms]) => [id, median(ms)])),
  });
  const loading = Object.entries(models).filter(([, m]) => m.phase !== 'ready' && m.phase !== 'refused');
  const refused = Object.entries(models).flatMap(([id, m]) => (m.phase === 'refused' ? [[id, m.message] as const] : []));
  return (
    <div
      className="ai-triage"
      data-testid="ai-triage"
      data-done={progress.done}
      data-total={progress.total}
      data-failed={failed}
      data-pacs-waiting={Boolean(progress.pacsWait)}
      data-inferences-run={inferencesRun}
      data-median-ms={medians}
      title={provider?.reason}
    >
      <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="AI triage progress" />{' '}
      <span data-testid="ai-triage-text">
        AI triage {progress.done} of {progress.total}
        {rate !== null && ` · ${rate.toFixed(1)} studies/min`}
      </span>
      {progress.pacsWait && (
        <span role="status" data-testid="ai-triage-pacs-wait" title={progress.pacsWait.message}>
          {' '}
          · PACS unreachable: waiting, retry {progress.pacsWait.attempt} at {new Date(progress.pacsWait.retryAt).toLocaleTimeString()}
        </span>
      )}
      {loading.length > 0 && <span> · {loading.map(([id, m]) => modelLine(id, m)).join(', ')}</span>}
      {refused.map(([id, message]) => (
        <p key={id} role="status" data-testid="ai-model-refused" data-model={id}>
          AI model {id} refused: {message}
        </p>
      ))}
    </div>
  );
}
