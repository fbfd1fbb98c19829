/** Placeholder until the worklist lands (issue 2). */
export function WorklistPage() {
  return <p className="empty">Worklist</p>;
}
