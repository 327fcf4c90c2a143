import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { startI18n } from './app/i18n.ts';
import './app/styles.css';
import { routes } from './app/routes.tsx';
import { SessionProvider } from './app/session.tsx';

const router = createBrowserRouter(routes);
// The texts of the page's language (a chunk of their own) before anything is shown.
await startI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
