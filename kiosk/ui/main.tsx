import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KioskApp } from './app/kiosk-app.tsx';
import { installedKioskApi } from './bridge/window-kiosk.ts';
import { LanguageProvider } from './i18n/language.tsx';
import { unlockAudioOnFirstTouch } from './sound/tones.ts';
import './style/kiosk.css';

unlockAudioOnFirstTouch();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <KioskApp api={installedKioskApi()} />
    </LanguageProvider>
  </StrictMode>,
);
