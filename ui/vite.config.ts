import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Coldstart runs inside a Tauri webview with a strict CSP and no network:
// relative asset paths, everything (KaTeX CSS and fonts included) bundled locally.
export default defineConfig({
  base: "./",
  plugins: [svelte()],
  clearScreen: false,
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // KaTeX fonts must be files in dist, never inlined remote references.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  // Component tests mount Svelte components: use the browser build of svelte, not the server one.
  ...(process.env.VITEST ? { resolve: { conditions: ["browser"] } } : {}),
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
