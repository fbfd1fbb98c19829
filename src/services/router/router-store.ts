import { create } from 'zustand';
import { formatRoute, parseRoute, type Route } from './routes';

interface RouterState {
  route: Route;
  /** `replace` swaps the current history entry (e.g. previous/next study, so Back returns to the worklist). */
  navigate: (route: Route, options?: { replace?: boolean }) => void;
}

/** History-API router: one store, so any component can navigate without prop drilling. */
export const useRouter = create<RouterState>((set) => ({
  route: parseRoute(window.location.pathname),
  navigate: (route, options) => {
    const path = formatRoute(route);
    if (path !== window.location.pathname) {
      if (options?.replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    set({ route });
  },
}));

window.addEventListener('popstate', () => {
  useRouter.setState({ route: parseRoute(window.location.pathname) });
});
