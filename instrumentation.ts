// Server start-up hook: checks the photo store's settings (a wrong S3 setting stops the start, named, instead of
// failing the first upload), then closes resolved cases whose 7-day rating window has passed, every few minutes — in
// one process only when several serve the port (lib/http/cluster.ts).

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { blobStoreFromEnv } = await import('./lib/storage/blob-store');
  blobStoreFromEnv();
  const { runsJobs } = await import('./lib/http/cluster');
  if (!runsJobs()) return;
  const { startJobs } = await import('./lib/jobs/scheduler');
  startJobs();
}
