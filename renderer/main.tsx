import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installBrowserBridge } from './bridge/browser-bridge';
import { App } from './layout/App';

// Browser mode has no preload: provide window.gatehouse before anything calls it.
installBrowserBridge();

const root = document.getElementById('root');
if (root === null) throw new Error('renderer/index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
