/** Previous/next study in the worklist's visible order (the viewer's study navigation). */
export function neighbourStudyUID(order: readonly string[], currentUID: string, step: 1 | -1): string | null {
  const index = order.indexOf(currentUID);
  if (index < 0) return null;
  return order[index + step] ?? null;
}
