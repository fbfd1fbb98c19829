import { useEffect } from 'react';
import { syncViewports } from '../../services/viewer/cornerstone/sync';
import { SYNC_KINDS } from '../../domain/viewer/sync-rules';
import { usePriors } from '../../services/priors/priors-store';
import { useViewport } from '../../services/viewer/viewport-store';

/**
 * Links the main and the prior viewport with the switched-on sync kinds. Only once the prior has drawn its
 * first image: the prior's own initial camera and image events must not move the current study.
 */
export function useCompareSync(): void {
  const current = useViewport('current', (v) => v.session);
  const prior = useViewport('prior', (v) => v.session);
  const priorShown = useViewport('prior', (v) => v.shownImageId !== null);
  const sync = usePriors((s) => s.sync);

  useEffect(() => {
    if (!current || !prior || !priorShown) return;
    return syncViewports(
      current.viewportRef,
      prior.viewportRef,
      SYNC_KINDS.filter((kind) => sync[kind]),
    );
  }, [current, prior, priorShown, sync]);
}
