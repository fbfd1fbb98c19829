/** Text for the timeline: dates from the chart's time axis (UTC arithmetic, see study-time.ts) and values. */
export const formatStudyDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** Probabilities with two decimals; measures with a unit (cm²) in whole units. */
export const formatValue = (value: number, unit?: string): string => (unit ? `${value.toFixed(0)} ${unit}` : value.toFixed(2));

/** Shown while a study's AI history (its chunk, then the patient's exams) loads. */
export const AI_HISTORY_LOADING = 'Loading AI history…';
