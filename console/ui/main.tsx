import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app/console-app.tsx';
import { RouterProvider } from './app/router.tsx';
import { LanguageProvider } from './i18n/language.tsx';
import { SessionProvider } from './session/session.tsx';
import './style/console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <RouterProvider>
        <SessionProvider>
          <ConsoleApp />
        </SessionProvider>
      </RouterProvider>
    </LanguageProvider>
  </StrictMode>,
);
