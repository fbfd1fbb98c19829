/** Validation runs in PostgreSQL (migration 012): one row per run, never overwritten by the next one. */
import type pg from 'pg';
import type { ValidationDecision, ValidationReport, ValidationRun, ValidationSources, ValidationState } from '../../src/domain/ai/validation';

interface Row {
  id: string;
  version_id: string;
  model_id: string;
  candidate_version: string;
  active_version_id: string | null;
  active_version: string | null;
  confirmed_cases: boolean;
  folder: string | null;
  state: ValidationState;
  done: number;
  total: number;
  error: string | null;
  report: ValidationReport | null;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
  decision: ValidationDecision['kind'] | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const SELECT = `SELECT r.id, r.version_id, c.model_id, c.version AS candidate_version, r.active_version_id, a.version AS active_version,
  r.confirmed_cases, r.folder, r.state, r.done, r.total, r.error, r.report, r.requested_by, r.created_at, r.finished_at,
  r.decision, r.decided_by, r.decided_at, r.decision_reason
  FROM model_validations r JOIN model_versions c ON c.id = r.version_id LEFT JOIN model_versions a ON a.id = r.active_version_id`;

const runOf = (row: Row): ValidationRun => ({
  id: Number(row.id),
  versionId: Number(row.version_id),
  modelId: row.model_id,
  candidateVersion: row.candidate_version,
  activeVersionId: row.active_version_id === null ? null : Number(row.active_version_id),
  activeVersion: row.active_version,
  sources: { confirmedCases: row.confirmed_cases, folder: row.folder },
  state: row.state,
  done: row.done,
  total: row.total,
  error: row.error,
  report: row.report,
  requestedBy: row.requested_by,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
  decision:
    row.decision && row.decided_by && row.decided_at
      ? { kind: row.decision, by: row.decided_by, at: row.decided_at.toISOString(), reason: row.decision_reason }
      : null,
});

export class ValidationStore {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  async create(versionId: number, activeVersionId: number | null, sources: ValidationSources, requestedBy: string): Promise<ValidationRun> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO model_validations (version_id, active_version_id, confirmed_cases, folder, state, requested_by) VALUES ($1, $2, $3, $4, 'queued', $5) RETURNING id`,
      [versionId, activeVersionId, sources.confirmedCases, sources.folder, requestedBy],
    );
    return this.get(Number(rows[0].id)) as Promise<ValidationRun>;
  }

  async get(id: number): Promise<ValidationRun | null> {
    const { rows } = await this.db.query<Row>(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ? runOf(rows[0]) : null;
  }

  /** A version's runs, newest first. */
  async ofVersion(versionId: number): Promise<ValidationRun[]> {
    const { rows } = await this.db.query<Row>(`${SELECT} WHERE r.version_id = $1 ORDER BY r.id DESC`, [versionId]);
    return rows.map(runOf);
  }

  async progress(id: number, done: number, total: number): Promise<void> {
    await this.db.query(`UPDATE model_validations SET state = 'running', done = $2, total = $3 WHERE id = $1 AND state IN ('queued', 'running')`, [
      id,
      done,
      total,
    ]);
  }

  async finish(id: number, report: ValidationReport): Promise<void> {
    await this.db.query(`UPDATE model_validations SET state = 'done', report = $2, done = total, finished_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(report),
    ]);
  }

  async fail(id: number, error: string): Promise<void> {
    await this.db.query(`UPDATE model_validations SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error.slice(0, 2000)]);
  }

  /** Records the admin's decision on a finished run of that version; false when there is no such run. */
  async decide(id: number, versionId: number, decision: Omit<ValidationDecision, 'at'>, db: Pick<pg.Pool, 'query'> = this.db): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE model_validations SET decision = $3, decided_by = $4, decision_reason = $5, decided_at = now()
       WHERE id = $1 AND version_id = $2 AND state = 'done' AND decision IS NULL`,
      [id, versionId, decision.kind, decision.by, decision.reason],
    );
    return rowCount === 1;
  }
}
