import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createStudioClient } from './api/client';
import { createStudioStore } from './state/studio-store';
import { StudioStoreProvider } from './state/studio-context';
import './styles/app.css';

const client = createStudioClient();
const store = createStudioStore(client);
// Subscribed once for the page's life, outside React (StrictMode mounts effects twice).
store.getState().actions.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioStoreProvider store={store}>
      <App client={client} />
    </StudioStoreProvider>
  </StrictMode>,
);
