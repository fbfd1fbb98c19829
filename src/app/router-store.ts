import { create } from 'zustand';
import { formatRoute, parseRoute, type Route } from './routes';

interface RouterState {
  route: Route;
  navigate: (route: Route) => void;
}

/** History-API router: one store, so any component can navigate without prop drilling. */
export const useRouter = create<RouterState>((set) => ({
  route: parseRoute(window.location.pathname),
  navigate: (route) => {
    const path = formatRoute(route);
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    set({ route });
  },
}));

window.addEventListener('popstate', () => {
  useRouter.setState({ route: parseRoute(window.location.pathname) });
});
