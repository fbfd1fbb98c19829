import { canRetry, markReadText } from '../../domain/reading/review/mark-read';
import { useReview } from '../../services/reading/review/default-store';

/** Whether signing marked the study read in the worklist, and a retry when it did not. */
export function ReadMarkStatus() {
  const mark = useReview((s) => s.readMark);
  if (!mark) return null;
  const problem = mark.status === 'refused' || mark.status === 'failed';
  return (
    <div
      className={problem ? 'review-read review-read-problem' : 'review-read'}
      data-testid="report-read-status"
      data-status={mark.status}
      role={problem ? 'alert' : 'status'}
    >
      {markReadText(mark)}
      {canRetry(mark) && (
        <button type="button" onClick={() => void useReview.markStudyRead()}>
          Mark study read
        </button>
      )}
    </div>
  );
}
