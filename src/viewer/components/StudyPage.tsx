/** Placeholder until the viewer lands (issue 3). */
export function StudyPage({ studyInstanceUID }: { studyInstanceUID: string }) {
  return <p className="empty">Study {studyInstanceUID}</p>;
}
