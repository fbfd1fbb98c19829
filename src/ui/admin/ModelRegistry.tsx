import type { ModelVersionSummary } from '../../domain/ai/registry';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ModelValidation } from './ModelValidation';
import { decide, fetchModelVersions, type RegistryAction, RegistryRefusal, uploadManifest, uploadModelFile } from '../../services/admin/model-registry-api';

interface Outcome {
  message: string;
  issues: string[];
  failed: boolean;
}

const refusalOf = (error: unknown): Outcome => ({
  message: error instanceof Error ? error.message : String(error),
  issues: error instanceof RegistryRefusal ? error.issues : [],
  failed: true,
});

/**
 * The model registry for admins: every version with its state, an upload (manifest, then its ONNX
 * file), a local validation of a shadow version (ModelValidation), promote / retire / rollback.
 * Everything from a manifest is shown as text.
 */
export function ModelRegistry() {
  const [rows, setRows] = useState<ModelVersionSummary[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [validating, setValidating] = useState<number | null>(null);
  const load = useCallback(() => fetchModelVersions().then(setRows, (e: unknown) => setOutcome(refusalOf(e))), []);
  useEffect(() => void load(), [load]);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setOutcome({ message: await work(), issues: [], failed: false });
    } catch (error) {
      setOutcome(refusalOf(error));
    } finally {
      setBusy(false);
      await load();
    }
  };

  const selected = rows.find((row) => row.id === validating);

  const act = (action: RegistryAction, ref: number | string, done: string) => run(async () => (await decide(action, ref), done));

  const upload = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const manifest = form.get('manifest');
    const model = form.get('model');
    if (!(manifest instanceof File) || !manifest.size || !(model instanceof File) || !model.size) {
      setOutcome({ message: 'Choose a manifest (.json) and its model (.onnx).', issues: [], failed: true });
      return;
    }
    void run(async () => {
      const version = await uploadManifest(await manifest.text());
      const validated = await uploadModelFile(version.id, model);
      return `${validated.modelId} ${validated.version} validated: now ${validated.state}.`;
    });
  };

  return (
    <section aria-label="Models">
      <h2>Models</h2>
      <form className="admin-filter" aria-label="Upload a model" onSubmit={upload}>
        <label>
          Manifest <input type="file" name="manifest" accept=".json,application/json" />
        </label>
        <label>
          Model <input type="file" name="model" accept=".onnx" />
        </label>
        <button type="submit" disabled={busy}>
          Upload and validate
        </button>
      </form>
      {outcome && (
        <div role={outcome.failed ? 'alert' : 'status'} data-testid="model-registry-outcome">
          <p>{outcome.message}</p>
          {outcome.issues.length > 0 && (
            <ul>
              {outcome.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <table className="admin-table" data-testid="model-versions">
        <thead>
          <tr>
            <th>Model</th>
            <th>Version</th>
            <th>State</th>
            <th>sha256</th>
            <th>Uploaded by</th>
            <th>Changed</th>
            <th>Validation</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-model={row.modelId} data-version={row.version} data-state={row.state}>
              <td>{row.modelId}</td>
              <td>{row.version}</td>
              <td>{row.state === 'shadow' && row.shadowRun ? 'shadow (running on arrivals)' : row.state}</td>
              <td className="admin-uid" title={row.sha256}>
                {row.sha256}
              </td>
              <td>{row.uploadedBy}</td>
              <td>{new Date(row.updatedAt).toLocaleString()}</td>
              <td>{row.messages.join('; ') || (row.state === 'uploaded' ? 'waiting for the file' : 'passed')}</td>
              <td>
                {row.state === 'shadow' && (
                  <button type="button" disabled={busy} onClick={() => setValidating(row.id)}>
                    Validate
                  </button>
                )}
                {row.state === 'shadow' && (
                  <button type="button" disabled={busy} onClick={() => void act('promote', row.id, `${row.modelId} ${row.version} is active.`)}>
                    Promote
                  </button>
                )}
                {row.state === 'shadow' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void (row.shadowRun
                        ? act('shadow/stop', row.id, `${row.modelId} ${row.version} no longer runs in shadow.`)
                        : act('shadow/start', row.id, `${row.modelId} ${row.version} runs in shadow on arrivals.`))
                    }
                  >
                    {row.shadowRun ? 'Stop shadow run' : 'Run in shadow'}
                  </button>
                )}
                {(row.state === 'shadow' || row.state === 'active') && (
                  <button type="button" disabled={busy} onClick={() => void act('retire', row.id, `${row.modelId} ${row.version} is retired.`)}>
                    Retire
                  </button>
                )}
                {row.state === 'active' && (
                  <button type="button" disabled={busy} onClick={() => void act('rollback', row.modelId, `${row.modelId} rolled back.`)}>
                    Roll back
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && (
        <ModelValidation
          key={selected.id}
          version={selected}
          onDecided={(message) => {
            setOutcome({ message, issues: [], failed: false });
            void load();
          }}
        />
      )}
    </section>
  );
}
