// Everything the playground needs, in one module that the playground route imports lazily:
// GraphiQL with its Monaco workers and styles, bundled by Vite (no CDN).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';

export { GraphiQL } from 'graphiql';
export { createElement } from 'react';
export { createRoot } from 'react-dom/client';
