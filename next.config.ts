import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Lets several dev servers share one checkout (each with its own output folder).
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // better-sqlite3 and sharp are native addons: load them from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'sharp'],
  poweredByHeader: false,
  // `npm test` (scripts/test-all.ts) type-checks the whole project with `tsc --noEmit` beside the build, test files
  // included (next build's own check reports nothing from them): there the build skips its second check of the same
  // program. Every other build (npm run build, the Dockerfile, npm run demo) checks the types as before.
  typescript: { ignoreBuildErrors: process.env.YINGHUO_BUILD_TYPES === 'checked-by-tsc' },
  reactStrictMode: true,
  // A resident's status link (/t/<token>) is a secret: keep it out of the request log.
  logging: { incomingRequests: { ignore: [/^\/t\//] } },
  experimental: {
    // A resident's submission carries up to 3 photos of at most 10 MB each (lib/cases/photos.ts).
    serverActions: { bodySizeLimit: '32mb' },
  },
};

export default nextConfig;
