// The React peer of `cargo xtask bench`: a plain production build (JSX by esbuild,
// the app's own stylesheets bundled by Vite as a React project would ship them).
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: '../../public',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: { fs: { allow: ['../..'] } },
});
