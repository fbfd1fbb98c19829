import { useRouter } from './router-store';
import { ResearchBanner } from './ResearchBanner';
import { WorklistPage } from '../worklist/components/WorklistPage';
import { StudyPage } from '../viewer/components/StudyPage';
import { MonitoringPage } from '../reporting/components/MonitoringPage';

export function App() {
  const route = useRouter((s) => s.route);
  return (
    <div className="app">
      <ResearchBanner />
      <main className="app-main">
        {route.name === 'worklist' && <WorklistPage />}
        {route.name === 'study' && <StudyPage studyInstanceUID={route.studyInstanceUID} />}
        {route.name === 'monitoring' && <MonitoringPage />}
        {route.name === 'not-found' && <p className="empty">No page at {route.path}.</p>}
      </main>
    </div>
  );
}
