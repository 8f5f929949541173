import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PRODUCT_NAME } from '../shared';

function App(): React.JSX.Element {
  return (
    <main>
      <h1>{PRODUCT_NAME}</h1>
    </main>
  );
}

const root = document.getElementById('root');
if (root === null) throw new Error('renderer/index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
