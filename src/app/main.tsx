import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from '../ui/session/SessionGate';
import { App } from './App';
import './app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionGate>
      <App />
    </SessionGate>
  </StrictMode>,
);
