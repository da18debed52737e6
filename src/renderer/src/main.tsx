import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/500.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-tamil/400.css';
import '@fontsource/noto-sans-tamil/600.css';
import '@fontsource/noto-sans-tamil/700.css';
import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/600.css';
import '@fontsource/noto-sans-devanagari/700.css';
import '@fontsource/noto-sans-telugu/400.css';
import '@fontsource/noto-sans-telugu/600.css';
import '@fontsource/noto-sans-telugu/700.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectTransport } from './api/transport';
import { takeTokenFromHash } from './api/session';
import { App } from './app/App';

// Read (and strip) a `#token=` before anything renders, so the router never sees it.
const initialToken = window.pulse ? null : takeTokenFromHash();
const transport = detectTransport();

const container = document.getElementById('root');
if (!container) throw new Error('Pulse Desk: the #root element is missing from index.html.');

createRoot(container).render(
  <StrictMode>
    <App transport={transport} initialToken={initialToken} />
  </StrictMode>,
);
