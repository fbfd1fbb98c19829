import { lazy, Suspense, useEffect } from 'react';
import { bootstrap } from './bootstrap';
import { useRouter } from '../services/router/router-store';
import { openStudy } from './open-study';
import { ResearchBanner } from './ResearchBanner';
import { WorklistPage } from './pages/WorklistPage';

// Separate chunks: the viewer (Cornerstone3D) is ~90 % of the code; loading and evaluating it before
// the worklist's first rows cost 1–2 s on the bench machine.
const StudyPage = lazy(() => import('./pages/StudyPage').then((module) => ({ default: module.StudyPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((module) => ({ default: module.AdminPage })));
const MonitoringPage = lazy(() => import('./pages/MonitoringPage').then((module) => ({ default: module.MonitoringPage })));

export function App() {
  const route = useRouter((s) => s.route);
  // Rendered inside SessionGate: the reader is signed in.
  useEffect(bootstrap, []);
  // The study's requests start here, while the viewer chunk (Cornerstone) still downloads and runs.
  const openStudyUid = route.name === 'study' ? route.studyInstanceUid : null;
  useEffect(() => {
    if (openStudyUid) openStudy(openStudyUid);
  }, [openStudyUid]);
  return (
    <div className="app">
      <ResearchBanner />
      <main className="app-main">
        {route.name === 'worklist' && <WorklistPage />}
        <Suspense>
          {route.name === 'study' && <StudyPage studyInstanceUid={route.studyInstanceUid} />}
          {route.name === 'monitoring' && <MonitoringPage />}
          {route.name === 'admin' && <AdminPage />}
        </Suspense>
        {route.name === 'not-found' && <p className="empty">No page at {route.path}.</p>}
      </main>
    </div>
  );
}
