// Builds the single-page app into web/dist, which `lagesbild serve --static web/dist` serves at /.
// `npm run dev` proxies /api to a server on :8080 for working on the UI alone.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 400 },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
