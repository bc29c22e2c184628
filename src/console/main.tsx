// Console entry point: mounts the router into #root.
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleRouter } from './router.tsx';
import { connectLocalSites } from './features/sites/connect-local-sites.ts';
import { createConsoleServices } from './services.ts';
import './styles.css';

const services = createConsoleServices();
const router = createConsoleRouter(services);
void connectLocalSites(services.loadLocalSiteProfiles);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html: #root element missing');

createRoot(container).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
