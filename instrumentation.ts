// Server start-up hook: checks the photo store's settings (a wrong S3 setting stops the start, named, instead of
// failing the first upload), then closes resolved cases whose 7-day rating window has passed, every few minutes.

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { blobStoreFromEnv } = await import('./lib/storage/blob-store');
  blobStoreFromEnv();
  if (process.env.YINGHUO_JOBS === 'off') return;
  const { startJobs } = await import('./lib/jobs/scheduler');
  startJobs();
}
