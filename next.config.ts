import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Lets several dev servers share one checkout (each with its own output folder).
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // better-sqlite3 and sharp are native addons: load them from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'sharp'],
  poweredByHeader: false,
  reactStrictMode: true,
  // A resident's status link (/t/<token>) is a secret: keep it out of the request log.
  logging: { incomingRequests: { ignore: [/^\/t\//] } },
  experimental: {
    // A resident's submission carries up to 3 photos of at most 10 MB each (lib/cases/photos.ts).
    serverActions: { bodySizeLimit: '32mb' },
  },
};

export default nextConfig;
