/** What an error says, for status lines and worker events (a thrown non-Error says itself). */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
