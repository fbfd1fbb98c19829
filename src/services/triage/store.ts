/** The triage slice: every study's shared reading state, and the last refusal to show. */
import { create } from 'zustand';
import { sendReadingAction } from './reading-client';
import { type ReadingAction, type ReadingState, UNREAD } from '../../domain/triage/reading-state';

export interface TriageState {
  reading: Readonly<Record<string, ReadingState>>;
  /** E.g. "already claimed by alice since …" after losing a claim. */
  notice: string | null;
  /** Play a sound when a new critical study comes in (the reader's opt-in). */
  sound: boolean;
  /** Show a desktop notification when a new critical study comes in (the reader's opt-in). */
  notify: boolean;

  act(studyUID: string, action: ReadingAction): Promise<void>;
  mergeReading(states: Record<string, ReadingState>, complete: boolean): void;
  setNotice(notice: string): void;
  dismissNotice(): void;
  setSound(sound: boolean): void;
  setNotify(notify: boolean): void;
}

export const useTriage = create<TriageState>((set, get) => ({
  reading: {},
  notice: null,
  sound: false,
  notify: false,

  async act(studyUID, action) {
    try {
      const reply = await sendReadingAction(studyUID, action);
      if (reply.ok) set({ reading: { ...get().reading, [studyUID]: reply.state }, notice: null });
      else set({ notice: reply.reason });
    } catch (error) {
      set({ notice: `could not save: ${error instanceof Error ? error.message : String(error)}` });
    }
  },
  mergeReading(states, complete) {
    if (Object.keys(states).length === 0 && !complete) return;
    set({ reading: complete ? states : { ...get().reading, ...states } });
  },
  setNotice: (notice) => set({ notice }),
  dismissNotice: () => set({ notice: null }),
  setSound: (sound) => set({ sound }),
  setNotify: (notify) => set({ notify }),
}));

export const readingOf = (reading: TriageState['reading'], uid: string): ReadingState => reading[uid] ?? UNREAD;

/** Alerts wait for an acknowledgement unless the study is already read. */
export const needsAck = (state: ReadingState) => !state.acknowledged && state.status !== 'read';
