/** src/domain/triage urgency levels ↔ the smallint kept in worklist.urgency_level (higher = more urgent). */
import type { UrgencyLevel } from '../../src/domain/triage/types';

export const LEVEL_NUMBERS: Record<UrgencyLevel, number> = { low: 0, routine: 1, urgent: 2, critical: 3 };
const LEVEL_NAMES: readonly UrgencyLevel[] = ['low', 'routine', 'urgent', 'critical'];

export const levelNumber = (level: UrgencyLevel): number => LEVEL_NUMBERS[level];
export const levelName = (value: number): UrgencyLevel => LEVEL_NAMES[value] ?? 'routine';
export const isLevelName = (value: string): value is UrgencyLevel => (LEVEL_NAMES as readonly string[]).includes(value);
