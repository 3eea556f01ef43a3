import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Lets several dev servers share one checkout (each with its own output folder).
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // better-sqlite3 and sharp are native addons: load them from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'sharp'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
