import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { routeManifest } from './build/route-manifest.js';

// The gateway serves dist/ at http://localhost:8080/: the files precompressed here (it picks the
// .br or .gz copy the browser accepts), index.html for the routes listed in routes.json and a 404
// for other URLs. During development Vite serves the app and sends /api to the gateway started by
// `npm start`. Source maps are written without a link from the bundles and the gateway never
// serves them: they stay beside the build for reading a stack trace, not for the public.
export default defineConfig({
  plugins: [
    react(),
    routeManifest(),
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(js|css|html|svg|json|txt)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
    }),
  ],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: 'hidden', chunkSizeWarningLimit: 700 },
});
