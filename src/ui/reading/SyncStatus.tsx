import { useReview } from '../../services/reading/review/default-store';

/** What waits for the PACS: counts, the last error, and a way to retry at once. */
export function SyncStatus({ studyInstanceUid }: { studyInstanceUid: string }) {
  const outbox = useReview((s) => s.outbox);
  const syncing = useReview((s) => s.syncing);
  const here = outbox.filter((e) => e.studyInstanceUid === studyInstanceUid).length;
  const lastError = outbox.find((e) => e.lastError)?.lastError;
  if (outbox.length === 0) {
    return (
      <p className="review-sync review-sync-ok" data-testid="review-sync" data-pending="0">
        All decisions stored in the PACS.
      </p>
    );
  }
  return (
    <div className="review-sync review-sync-pending" data-testid="review-sync" data-pending={outbox.length} role="status">
      {outbox.length} SR{outbox.length === 1 ? '' : 's'} waiting for the PACS ({here} for this study), kept in this browser and retried.
      {lastError && <div className="review-sync-error">Last error: {lastError}</div>}
      <button type="button" disabled={syncing} onClick={() => void useReview.sync(true)}>
        Sync now
      </button>
    </div>
  );
}
