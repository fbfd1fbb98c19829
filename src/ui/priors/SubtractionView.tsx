import { useEffect, useMemo, useState } from 'react';
import { findChestInstance } from '../../services/inference/study-instances';
import { pacsClient } from '../../services/pacs/default-client';
import { displayRange, refusalText, toRgba, transformText } from '../../domain/priors/subtraction-display';
import { startSubtraction } from '../../services/priors/worker/client';
import type { SubtractionReply, SubtractionStep } from '../../services/priors/worker/protocol';
import { SubtractionCanvas } from './SubtractionCanvas';
import { SubtractionLegend } from './SubtractionLegend';
import './SubtractionStyles.css';

type State =
  { phase: 'working'; step: SubtractionStep | 'finding images' } | { phase: 'failed'; message: string } | { phase: 'ready'; reply: SubtractionReply };
type Mode = 'aligned' | 'subtraction';

async function chestImage(uid: string, which: string) {
  const choice = await findChestInstance(pacsClient, uid);
  if (!choice.applicable) throw new Error(`the ${which} study has no usable chest image: ${choice.reason}`);
  return choice.instance;
}

/** Aligned prior / temporal subtraction (current − aligned prior), computed in a worker; fills its positioned parent. */
export function SubtractionView({ currentStudyUID, priorStudyUID }: { currentStudyUID: string; priorStudyUID: string }) {
  const [state, setState] = useState<State>({ phase: 'working', step: 'finding images' });
  const [mode, setMode] = useState<Mode>('subtraction');

  useEffect(() => {
    let cancel = () => {};
    let stopped = false;
    setState({ phase: 'working', step: 'finding images' });
    (async () => {
      const [current, prior] = await Promise.all([chestImage(currentStudyUID, 'current'), chestImage(priorStudyUID, 'prior')]);
      if (stopped) return;
      const job = startSubtraction({ dicomWebRoot: pacsClient.dicomWebRoot, current, prior }, (step) => !stopped && setState({ phase: 'working', step }));
      cancel = job.cancel;
      const reply = await job.result;
      if (!stopped) setState({ phase: 'ready', reply });
    })().catch((error: unknown) => !stopped && setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      stopped = true;
      cancel();
    };
  }, [currentStudyUID, priorStudyUID]);

  return (
    <div className="subtraction-view" data-testid="subtraction-view" data-state={state.phase}>
      {state.phase === 'working' && (
        <p className="subtraction-message" role="status" data-testid="subtraction-progress">
          Aligning the prior to the current image: {state.step}…
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="subtraction-message subtraction-error" role="alert" data-testid="subtraction-error">
          No subtraction: {state.message}
        </p>
      )}
      {state.phase === 'ready' && <Comparison reply={state.reply} mode={mode} setMode={setMode} />}
    </div>
  );
}

function Comparison({ reply, mode, setMode }: { reply: SubtractionReply; mode: Mode; setMode: (mode: Mode) => void }) {
  const { registration, aligned, difference, current } = reply;
  const refusal = refusalText(registration);
  const alignedRgba = useMemo(() => toRgba(aligned, displayRange(aligned, aligned.covered), aligned.covered), [aligned]);
  const differenceRgba = useMemo(() => difference && toRgba(difference.image, difference.range, aligned.covered), [difference, aligned]);
  const showDifference = mode === 'subtraction';
  return (
    <>
      <div className="subtraction-image">
        {!showDifference && <SubtractionCanvas width={current.width} height={current.height} rgba={alignedRgba} label="Prior aligned to the current image" />}
        {showDifference && differenceRgba && (
          <SubtractionCanvas width={current.width} height={current.height} rgba={differenceRgba} label="Current minus aligned prior" />
        )}
        {showDifference && refusal && (
          <p className="subtraction-message subtraction-refusal" role="status" data-testid="subtraction-refusal">
            {refusal}
          </p>
        )}
      </div>
      <div
        className="subtraction-controls"
        data-testid="subtraction-quality"
        data-verdict={registration.quality.verdict}
        data-detail={registration.detailSimilarity.toFixed(3)}
      >
        <div role="group" aria-label="Show">
          <button type="button" aria-pressed={!showDifference} onClick={() => setMode('aligned')}>
            Aligned prior
          </button>
          <button type="button" aria-pressed={showDifference} onClick={() => setMode('subtraction')}>
            Subtraction
          </button>
        </div>
        <span>
          Alignment {registration.quality.verdict}: detail similarity {registration.detailSimilarity.toFixed(2)}, {transformText(registration, reply.factor)},
          overlap {Math.round(100 * registration.overlap)} %
        </span>
        {showDifference && difference && <SubtractionLegend range={difference.range.max} />}
      </div>
    </>
  );
}
