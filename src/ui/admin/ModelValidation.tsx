import type { EvalRow } from '../../domain/ai/eval/rows';
import type { ModelVersionSummary } from '../../domain/ai/registry';
import { compareRows, tooFewCases, type ValidationRun } from '../../domain/ai/validation';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { decideOnValidation, fetchValidation, fetchValidations, startValidation } from '../../services/admin/model-registry-api';
import { CiBar } from './CiBar';

const POLL_MS = 1000;

const figure = (row: EvalRow | null) =>
  row ? (
    <>
      {row.value.toFixed(3)}
      {row.ci95 && ` [${row.ci95[0].toFixed(3)}–${row.ci95[1].toFixed(3)}]`}
      <CiBar value={row.value} ci={row.ci95} />
    </>
  ) : (
    '—'
  );

function ReportTable({ run }: { run: ValidationRun }) {
  const report = run.report!;
  const rows = compareRows(report.candidate, report.active);
  const warnings = tooFewCases(report.candidate);
  const skipped = Object.entries(report.skipped);
  return (
    <>
      {rows.length === 0 && <p role="note">No case could be evaluated ({report.images} images): there is nothing to compare yet.</p>}
      {warnings.length > 0 && (
        <ul role="note" data-testid="validation-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="admin-table" data-testid="validation-table">
        <thead>
          <tr>
            <th>Task</th>
            <th>Data set</th>
            <th>Metric</th>
            <th>Candidate {run.candidateVersion}</th>
            <th>Active {run.activeVersion ?? '(none)'}</th>
            <th>n</th>
            <th>n+</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const counts = row.candidate ?? row.active;
            return (
              <tr key={row.key} data-task={row.task} data-metric={row.metric} data-dataset={row.dataset}>
                <td>{row.task}</td>
                <td>{row.dataset}</td>
                <td>{row.metric}</td>
                <td data-testid="candidate">{figure(row.candidate)}</td>
                <td data-testid="active">{figure(row.active)}</td>
                <td data-testid="n">{counts?.n}</td>
                <td>{counts?.nPositive ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        {report.images} image{report.images === 1 ? '' : 's'} evaluated; 95 % intervals: Wilson (proportions), Hanley–McNeil (AUC), bootstrap (ECE).
      </p>
      {skipped.length > 0 && (
        <ul>
          {skipped.map(([reason, count]) => (
            <li key={reason}>
              skipped {count}: {reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function progressText(run: ValidationRun): string {
  if (run.state === 'queued') return 'Waiting for a worker…';
  return run.total === 0 ? 'Gathering the cases…' : `Validating: ${run.done} of ${run.total} cases`;
}

/**
 * Local validation of a shadow version: start a run (confirmed cases and/or a labelled folder on the
 * server), follow its progress, read the candidate beside the active version, then promote or reject.
 */
export function ModelValidation({ version, onDecided }: { version: ModelVersionSummary; onDecided: (message: string) => void }) {
  const [run, setRun] = useState<ValidationRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchValidations(version.id).then(
      (runs) => setRun(runs[0] ?? null),
      (e: unknown) => setError(String(e)),
    );
  }, [version.id]);

  const running = run?.state === 'queued' || run?.state === 'running';
  const runId = run?.id;
  useEffect(() => {
    if (!running || runId === undefined) return;
    const timer = setInterval(() => fetchValidation(runId).then(setRun, (e: unknown) => setError(String(e))), POLL_MS);
    return () => clearInterval(timer);
  }, [running, runId]);

  const act = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const start = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const sources = { confirmedCases: form.get('confirmed') === 'on', folder: String(form.get('folder') ?? '').trim() || null };
    void act(async () => setRun(await startValidation(version.id, sources)));
  };

  const reject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    void act(async () => {
      await decideOnValidation(run!.id, 'reject', reason);
      onDecided(`${version.modelId} ${version.version} rejected after validation ${run!.id}.`);
    });
  };

  const promote = () =>
    void act(async () => {
      await decideOnValidation(run!.id, 'promote');
      onDecided(`${version.modelId} ${version.version} is active (validation ${run!.id}).`);
    });

  return (
    <section className="validation-report" aria-label={`Validation of ${version.modelId} ${version.version}`} data-testid="model-validation">
      <h3>
        Validation of {version.modelId} {version.version}
      </h3>
      {version.state === 'shadow' && !running && (
        <form className="admin-filter" aria-label="Validate" onSubmit={start}>
          <label>
            <input type="checkbox" name="confirmed" defaultChecked /> Confirmed cases (readers' assessments)
          </label>
          <label>
            Labelled folder on the server <input type="text" name="folder" placeholder="under DOKUEI_VALIDATION_ROOT" />
          </label>
          <button type="submit" disabled={busy}>
            Run validation
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
      {run && (
        <div data-testid="validation-run" data-state={run.state} data-id={run.id}>
          <p>
            Report {run.id}: {run.sources.confirmedCases ? 'confirmed cases' : ''}
            {run.sources.confirmedCases && run.sources.folder ? ' and ' : ''}
            {run.sources.folder ? `folder ${run.sources.folder}` : ''}, against {run.activeVersion ? `active ${run.activeVersion}` : 'no active version'};
            requested by {run.requestedBy}.
          </p>
          {running && (
            <p role="status">
              {progressText(run)} <progress value={run.done} max={Math.max(1, run.total)} />
            </p>
          )}
          {run.state === 'failed' && <p role="alert">Validation failed: {run.error}</p>}
          {run.state === 'done' && <ReportTable run={run} />}
          {run.decision && (
            <p data-testid="validation-decision">
              {run.decision.kind === 'promoted' ? 'Promoted' : 'Rejected'} by {run.decision.by} on {new Date(run.decision.at).toLocaleString()}
              {run.decision.reason ? `: ${run.decision.reason}` : '.'}
            </p>
          )}
          {run.state === 'done' && !run.decision && version.state === 'shadow' && (
            <div className="admin-filter">
              <button type="button" disabled={busy} onClick={promote}>
                Promote
              </button>
              <form aria-label="Reject" onSubmit={reject} className="admin-filter">
                <label>
                  Reason <input type="text" name="reason" required maxLength={500} />
                </label>
                <button type="submit" disabled={busy}>
                  Reject
                </button>
              </form>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
